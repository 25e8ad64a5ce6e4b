package dev.sparkrnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {
    @Test
    void lowercaseWordsWithInnerApostrophes() {
        assertEquals(List.of("great", "phone", "10", "10"), WordTokenizer.tokens("Great phone!! 10/10"));
        assertEquals(List.of("don't", "rock'n'roll", "quoted", "dogs"), WordTokenizer.tokens("Don't rock'n'roll 'quoted' dogs'"));
        assertEquals(List.of("it's"), WordTokenizer.tokens("It\u2019s"));
        assertEquals(List.of("café", "naïve"), WordTokenizer.tokens("CAFÉ -- naïve..."));
        assertEquals(List.of("नमस्ते", "दुनिया"), WordTokenizer.tokens("नमस्ते, दुनिया।"), "vowel signs stay inside words");
        assertEquals(List.of(), WordTokenizer.tokens("  !!! ... ' "));
    }
}

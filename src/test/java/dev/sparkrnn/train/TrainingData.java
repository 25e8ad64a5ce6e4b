package dev.sparkrnn.train;

import dev.sparkrnn.data.CharVocabulary;
import dev.sparkrnn.data.EncodedSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real text for trainer tests: lines of the Shakespeare slice shipped with the project, as next-character sequences. */
final class TrainingData {
    static final Path CORPUS = Path.of("jobs/data/tinyshakespeare/shakespeare.txt");

    private TrainingData() {
    }

    /** The first {@code lines} non-empty lines (variable lengths), each a sequence predicting its next character. */
    static List<EncodedSequence> lines(int lines, CharVocabulary[] vocabOut) {
        try {
            List<String> text = new ArrayList<>();
            for (String l : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
                if (l.length() >= 2) text.add(l);
                if (text.size() == lines) break;
            }
            CharVocabulary vocab = CharVocabulary.of(String.join("\n", text));
            vocabOut[0] = vocab;
            List<EncodedSequence> out = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                int[] codes = vocab.encode(text.get(i));
                int[] x = java.util.Arrays.copyOf(codes, codes.length - 1);
                int[] y = java.util.Arrays.copyOfRange(codes, 1, codes.length);
                out.add(EncodedSequence.tagged(i, x, y));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

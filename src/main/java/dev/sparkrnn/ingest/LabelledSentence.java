package dev.sparkrnn.ingest;

import java.io.Serializable;
import java.util.List;

/** A sentence's words (already tokenized, see {@link dev.sparkrnn.data.WordTokenizer}) and its label. */
public record LabelledSentence(Source source, List<String> tokens, String label) implements Located, Serializable {
    public LabelledSentence {
        tokens = List.copyOf(tokens);
    }
}

package dev.sparkrnn.ingest;

import java.io.Serializable;
import java.util.List;

/** A sentence's tokens and one tag per token; {@code source} is the sentence's first line (maybe a comment). */
public record TaggedSentence(Source source, List<String> tokens, List<String> tags) implements Located, Serializable {
    public TaggedSentence {
        tokens = List.copyOf(tokens);
        tags = List.copyOf(tags);
        if (tokens.size() != tags.size()) throw new IllegalArgumentException(tokens.size() + " tokens, " + tags.size() + " tags");
    }
}

package dev.sparkrnn.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * A source sequence and the target sequence an encoder–decoder model should produce from it, both already
 * tokenized ({@link PairUnit}). {@code group} keeps related records together in {@link HoldOut#partByGroup}:
 * it is the source as the model sees it (its tokens joined by the source unit), so alternates of one cmudict
 * headword ({@code word}, {@code word(2)}) and several translations of one sentence share a group.
 */
public record SequencePair(Source source, String group, List<String> sourceTokens, List<String> targetTokens)
        implements Located, Serializable {
    public SequencePair {
        sourceTokens = List.copyOf(sourceTokens);
        targetTokens = List.copyOf(targetTokens);
        if (sourceTokens.isEmpty() || targetTokens.isEmpty()) throw new IllegalArgumentException("empty side at " + source);
    }
}

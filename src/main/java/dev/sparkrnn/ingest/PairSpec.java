package dev.sparkrnn.ingest;

import java.io.Serializable;

/**
 * How to read sequence pairs: the format, the {@link PairUnit} of each side, and whether source tokens are
 * lowercased (targets keep their case, except that the WORD unit always lowercases). {@link PairFormat#CMUDICT}
 * fixes the rest: the source is the headword's characters, lowercased (CHAR), the target its phonemes as
 * written (SPACE); units and flag given with it are replaced by these. {@link PairUnit#VECTOR} is a source unit
 * only: a target is a sequence of tokens.
 */
public record PairSpec(PairFormat format, PairUnit sourceUnit, PairUnit targetUnit, boolean lowercase)
        implements Serializable {
    public PairSpec {
        if (format == null) throw new IllegalArgumentException("no format");
        if (format == PairFormat.CMUDICT) {
            sourceUnit = PairUnit.CHAR;
            targetUnit = PairUnit.SPACE;
            lowercase = true;
        }
        if (sourceUnit == null || targetUnit == null) throw new IllegalArgumentException(format + " needs a source and a target unit");
        if (targetUnit == PairUnit.VECTOR) {
            throw new IllegalArgumentException("vector is a source unit: a target is a sequence of tokens (char, word or space)");
        }
    }

    /** Spelling to pronunciation from the CMU pronouncing dictionary. */
    public static PairSpec cmudict() {
        return new PairSpec(PairFormat.CMUDICT, PairUnit.CHAR, PairUnit.SPACE, true);
    }

    /** {@code source<TAB>target} lines cut by the given units. */
    public static PairSpec tab(PairUnit sourceUnit, PairUnit targetUnit, boolean lowercase) {
        return new PairSpec(PairFormat.TAB, sourceUnit, targetUnit, lowercase);
    }
}

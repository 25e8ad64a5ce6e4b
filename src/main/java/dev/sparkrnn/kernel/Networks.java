package dev.sparkrnn.kernel;

/** What the {@link Network} implementations share. */
final class Networks {
    private Networks() {
    }

    static String describe(RnnLayout layout, Head head, TargetMode mode) {
        return "D=" + layout.inputSize + (layout.oneHotInput ? "(one-hot)" : "(dense)")
                + " H=" + layout.hiddenSize + " K=" + layout.outputSize + " " + head + " " + mode;
    }

    static UnsupportedOperationException noSource() {
        return new UnsupportedOperationException("this network reads no source sequence (only an encoder-decoder does)");
    }
}

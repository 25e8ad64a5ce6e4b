package dev.sparkrnn.kernel;

/** Where a sequence has targets. */
public enum TargetMode {
    /** A target at every step (language model, tagging: many-to-many aligned); a class target of -1 skips a step. */
    EVERY_STEP,
    /** One target after the last real step of each sequence (classification: many-to-one). */
    LAST_STEP
}

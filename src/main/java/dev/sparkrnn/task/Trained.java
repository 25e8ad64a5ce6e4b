package dev.sparkrnn.task;

import dev.sparkrnn.config.Settings;
import dev.sparkrnn.persist.SavedModel;

/** What a saved model says about how it was trained. */
public final class Trained {
    private Trained() {
    }

    /**
     * The settings the model was trained with, read with their declared types: its saved configuration over
     * today's defaults (a model from before a setting existed gets that setting's default).
     */
    public static Settings settings(SavedModel model) {
        return Settings.saved(model.metadata().configuration(), "the model's metadata.json");
    }
}

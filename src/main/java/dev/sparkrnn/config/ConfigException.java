package dev.sparkrnn.config;

/** A configuration problem, with a message naming the setting. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}

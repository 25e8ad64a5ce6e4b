package dev.sparkrnn.task;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project's version, filtered into the jar by Maven. */
final class Versions {
    private Versions() {
    }

    static String project() {
        try (InputStream in = Versions.class.getResourceAsStream("/dev/sparkrnn/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

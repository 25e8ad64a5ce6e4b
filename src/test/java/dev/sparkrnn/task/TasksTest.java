package dev.sparkrnn.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkrnn.config.ConfigException;
import dev.sparkrnn.config.Settings;
import org.junit.jupiter.api.Test;

/** The task registry and the declared {@code task} setting name the same tasks, each registered once under its own name. */
class TasksTest {
    @Test
    void registryMatchesTheDeclaredTaskSetting() {
        assertEquals(Settings.declaration("task").choices(), Tasks.names());
        for (String name : Tasks.names()) assertEquals(name, Tasks.of(name).name());
        ConfigException e = assertThrows(ConfigException.class, () -> Tasks.of("tagging"));
        assertTrue(e.getMessage().contains("'tagging'") && e.getMessage().contains("seq2seq"), e.getMessage());
    }

    @Test
    void wordDropoutAppliesExactlyToTheWordTasks() {
        for (String name : Tasks.names()) {
            assertEquals(name.equals("classify") || name.equals("tag"), Tasks.of(name).wordInput(), name);
        }
    }
}

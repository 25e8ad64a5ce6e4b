package dev.sparkrnn.task;

import dev.sparkrnn.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every task, by its {@link Task#name()}: adding a task is adding its class and one entry here. Tasks hold no
 * state, so one instance of each serves every command.
 */
public final class Tasks {
    private static final Map<String, Task> ALL = new LinkedHashMap<>();

    static {
        for (Task t : List.of(new CharLmTask(), new ClassifyTask(), new TagTask(), new SeriesTask(), new Seq2SeqTask(),
                new ConditionalLmTask())) {
            ALL.put(t.name(), t);
        }
    }

    private Tasks() {
    }

    public static Task of(String name) {
        Task t = ALL.get(name);
        if (t == null) throw new ConfigException("unknown task '" + name + "': one of " + String.join(", ", names()));
        return t;
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}

package dev.sparkrnn.app;

import dev.sparkrnn.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every task by name: adding a task is adding its class and one line here. */
final class Tasks {
    private static final Map<String, Supplier<Task>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("char-lm", CharLmTask::new);
        ALL.put("classify", ClassifyTask::new);
        ALL.put("tag", TagTask::new);
        ALL.put("series", SeriesTask::new);
        ALL.put("seq2seq", Seq2SeqTask::new);
        ALL.put("conditional-lm", ConditionalLmTask::new);
    }

    private Tasks() {
    }

    static Task of(String name) {
        Supplier<Task> t = ALL.get(name);
        if (t == null) throw new ConfigException("unknown task '" + name + "': one of " + String.join(", ", names()));
        return t.get();
    }

    static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}

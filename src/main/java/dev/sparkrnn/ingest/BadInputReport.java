package dev.sparkrnn.ingest;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What was wrong in an input: the number of unusable records by {@link Defect} and the first few messages
 * in order of position (file, then line). Under {@link BadInputPolicy#SKIP} these are the dropped records.
 */
public record BadInputReport(Map<Defect, Long> counts, List<String> firstMessages) implements Serializable {

    public BadInputReport {
        counts = Collections.unmodifiableMap(counts.isEmpty() ? new EnumMap<>(Defect.class) : new EnumMap<>(counts));
        firstMessages = List.copyOf(firstMessages);
    }

    /** Unusable records in all. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Defect d) {
        return counts.getOrDefault(d, 0L);
    }

    public boolean isEmpty() {
        return total() == 0;
    }

    /** "3 bad records (malformed: 2, not valid UTF-8: 1)" and the first messages, one per line. */
    @Override
    public String toString() {
        if (isEmpty()) return "no bad records";
        StringBuilder sb = new StringBuilder().append(total()).append(total() == 1 ? " bad record (" : " bad records (");
        String sep = "";
        for (Map.Entry<Defect, Long> e : counts.entrySet()) {
            sb.append(sep).append(e.getKey().description()).append(": ").append(e.getValue());
            sep = ", ";
        }
        sb.append(')');
        for (String m : firstMessages) sb.append("\n  ").append(m);
        if (firstMessages.size() < total()) sb.append("\n  ...");
        return sb.toString();
    }
}

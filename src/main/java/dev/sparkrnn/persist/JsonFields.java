package dev.sparkrnn.persist;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed, checked reads of one JSON object's fields. Every problem becomes the caller's exception, with a
 * message naming the field by its dotted path ({@code "field shape.H is missing or not an integer"}).
 */
final class JsonFields {
    /** Turns a problem into the caller's exception (which names the file). */
    @FunctionalInterface
    interface Failure {
        IOException of(String problem);
    }

    private final JsonNode node;
    private final String label;    // "header field ", "field "
    private final String prefix;   // "", "shape."
    private final Failure failure;

    private JsonFields(JsonNode node, String label, String prefix, Failure failure) {
        this.node = node;
        this.label = label;
        this.prefix = prefix;
        this.failure = failure;
    }

    /**
     * @param root    the parsed document, which must be a JSON object
     * @param label   how a field is called in messages, e.g. {@code "header field "}
     * @param what    how the document is called when it is not an object, e.g. {@code "header"}
     * @param failure builds the exception thrown for each problem
     */
    static JsonFields of(JsonNode root, String label, String what, Failure failure) throws IOException {
        if (root == null || !root.isObject()) throw failure.of(what + " is not a JSON object");
        return new JsonFields(root, label, "", failure);
    }

    /** The exception for a problem of the document as a whole. */
    IOException fail(String problem) {
        return failure.of(problem);
    }

    /** The exception for a problem with field {@code name}. */
    IOException fail(String name, String problem) {
        return failure.of(label + prefix + name + " " + problem);
    }

    /** True when the field is present and not null. */
    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    JsonFields object(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) throw fail(name, "is missing or not an object");
        return new JsonFields(v, label, prefix + name + ".", failure);
    }

    long longValue(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw fail(name, "is missing or not an integer");
        }
        return v.longValue();
    }

    long longValue(String name, long min, long max) throws IOException {
        long v = longValue(name);
        if (v < min || v > max) throw fail(name, "= " + v + " out of range [" + min + ", " + max + "]");
        return v;
    }

    int intValue(String name, int min, int max) throws IOException {
        return (int) longValue(name, min, max);
    }

    boolean booleanValue(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isBoolean()) throw fail(name, "is missing or not true/false");
        return v.booleanValue();
    }

    String text(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) throw fail(name, "is missing or not a string");
        return v.textValue();
    }

    /** A string, or null when the field is absent or null. */
    String optionalText(String name) throws IOException {
        return has(name) ? text(name) : null;
    }

    /** An object whose values are all strings. */
    Map<String, String> textMap(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) throw fail(name, "is missing or not an object");
        Map<String, String> map = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) throw fail(name + "." + e.getKey(), "is not a string");
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    /** An object whose values are strings, integers (as {@code Long}) or other numbers (as {@code Double}). */
    Map<String, Object> scalarMap(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) throw fail(name, "is missing or not an object");
        Map<String, Object> map = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode x = e.getValue();
            if (x.isTextual()) {
                map.put(e.getKey(), x.textValue());
            } else if (x.isIntegralNumber() && x.canConvertToLong()) {
                map.put(e.getKey(), x.longValue());
            } else if (x.isNumber()) {
                map.put(e.getKey(), x.doubleValue());
            } else {
                throw fail(name + "." + e.getKey(), "is not a string or a number");
            }
        }
        return map;
    }

    List<String> textList(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) throw fail(name, "is missing or not an array");
        List<String> list = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw fail(name + "[" + i + "]", "is not a string");
            list.add(v.get(i).textValue());
        }
        return list;
    }

    double[] doubles(String name) throws IOException {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) throw fail(name, "is missing or not an array");
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            if (!v.get(i).isNumber()) throw fail(name + "[" + i + "]", "is not a number");
            a[i] = v.get(i).doubleValue();
        }
        return a;
    }
}

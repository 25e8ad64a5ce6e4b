package dev.sparkrnn.ingest;

/** A record that knows where it was read. */
public interface Located {
    Source source();
}

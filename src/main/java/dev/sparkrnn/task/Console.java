package dev.sparkrnn.task;

import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command tells the person or the scheduler that started it, on standard output: the readable run
 * (what it trains, progress, validation, samples), and the one JSON result as the last line. With
 * {@code --quiet} only the result is printed (errors still go to standard error); used as a library (the spark.ml
 * stages) nothing is printed, the lines are only logged. Every readable line is also
 * logged at INFO on the logger {@code dev.sparkrnn.progress}, so that a driver log on a cluster has the run's
 * progress; the local logging configuration ({@code conf/log4j2.properties}) turns that logger off, since the
 * terminal already shows the lines.
 */
public final class Console {
    private static final Logger PROGRESS = LoggerFactory.getLogger("dev.sparkrnn.progress");
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());
    private static volatile boolean quiet = true;   // a library (the spark.ml stages) only logs; Main turns printing on

    private Console() {
    }

    /** --quiet: only the result line on standard output. */
    public static void quiet(boolean q) {
        quiet = q;
    }

    /** A readable line. */
    public static void line(String text) {
        if (!quiet) System.out.println(text);
        PROGRESS.info(text);
    }

    /** Where readable text (samples, decoded examples) is printed: standard output, or nowhere when quiet. */
    public static PrintStream text() {
        return quiet ? NOWHERE : System.out;
    }

    /** The result: one JSON object, the last line of standard output. */
    public static void result(String json) {
        System.out.println(json);
    }
}

package dev.sparkrnn.persist;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The warnings one class logs through SLF4J (Spark's binding: Log4j 2), collected while the capture is open:
 * an appender on that class's logger, whose level is set to WARN for the capture and restored after.
 */
final class WarningCapture implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final Level before;
    private final AbstractAppender appender;

    WarningCapture(Class<?> source) {
        logger = (Logger) LogManager.getLogger(source);
        before = logger.getLevel();
        appender = new AbstractAppender("warnings-of-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent e) {
                if (e.getLevel().isMoreSpecificThan(Level.WARN)) messages.add(e.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
    }

    /** The warnings logged so far, in order; a live list. */
    List<String> messages() {
        return messages;
    }

    @Override
    public void close() {
        logger.removeAppender(appender);
        logger.setLevel(before);
        appender.stop();
    }
}

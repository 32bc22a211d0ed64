package dev.mailfs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one class logs during each test, kept for the test to check instead of printed: a warning a
 * test causes on purpose is its to assert, not the build's output to show.
 *
 * <pre>
 * &#64;RegisterExtension
 * final LogCapture log = new LogCapture(DiskBodyStore.class);
 * ...
 * assertTrue(log.messages(Level.WARNING).get(0).contains("damaged"));
 * </pre>
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
    /** Held here: the logging system holds loggers weakly, and a collected one would lose its settings. */
    private final Logger logger;
    /** Guarded by itself: the code under test may log from its own threads. */
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler keeper = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;

    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    /** What a logger logs, a package's ("dev.mailfs.vfs") included: every class in it. */
    public LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
        logger.addHandler(keeper);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(keeper);
        logger.setUseParentHandlers(true);
        logger.setLevel(levelBefore);
    }

    /** Everything logged so far in this test, in order. */
    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** What was logged at exactly this level. */
    public List<LogRecord> records(Level level) {
        return records().stream().filter(record -> record.getLevel().equals(level)).toList();
    }

    /** The messages logged at exactly this level. */
    public List<String> messages(Level level) {
        return records(level).stream().map(LogRecord::getMessage).toList();
    }
}

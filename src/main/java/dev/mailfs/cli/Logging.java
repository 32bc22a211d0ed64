package dev.mailfs.cli;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record on stderr (journald adds its own timestamps under systemd). */
final class Logging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private Logging() {
    }

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

    private static Logger quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        return logger;
    }

    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return; // the user configured logging
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        // The embedded demo server is chatty; java-keyring's D-Bus library announces every
        // connection; Caffeine logs every failed load, which its caller reports already.
        QUIETED.add(quiet("com.icegreen", Level.WARNING));
        QUIETED.add(quiet("org.freedesktop", Level.WARNING));
        QUIETED.add(quiet("de.swiesend", Level.WARNING));
        QUIETED.add(quiet("com.github.benmanes.caffeine", Level.SEVERE));
        String level = System.getenv("MAILFS_LOG");
        if (level != null) {
            Logger.getLogger("dev.mailfs").setLevel(Level.parse(level.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(TIME.format(LocalTime.now())).append(' ')
                    .append(record.getLevel().getName()).append(' ')
                    .append(shortName(record.getLoggerName())).append(": ")
                    .append(formatMessage(record)).append('\n');
            if (record.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String shortName(String logger) {
            return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
        }
    }
}

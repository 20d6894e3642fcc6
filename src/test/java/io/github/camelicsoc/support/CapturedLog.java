package io.github.camelicsoc.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line of every logger at every level (TRACE included), with the stack traces, while open: what a user
 * who turns all logging up would see.
 */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Level previousLevel;

    public CapturedLog() {
        super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Configuration config = logging.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        previousLevel = root.getLevel();
        root.addAppender(this, Level.ALL, null);
        root.setLevel(Level.ALL);
        logging.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append('\n').append(t);
        }
        lines.add(line.toString());
    }

    public String text() {
        return String.join("\n", lines);
    }

    public int size() {
        return lines.size();
    }

    /** How many captured lines came from a logger whose name starts with {@code prefix}. */
    public long linesFrom(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Override
    public void close() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = logging.getConfiguration().getRootLogger();
        root.removeAppender(getName());
        root.setLevel(previousLevel);
        logging.updateLoggers();
        stop();
    }
}

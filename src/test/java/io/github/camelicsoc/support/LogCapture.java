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
 * Records log lines with their stack traces while open: the component's own at every level, everything else from
 * DEBUG up (or the level given). (Camel core prints URIs as typed and the properties it binds at DEBUG/TRACE, which is
 * why the README recommends secretFromEnv or setting the secret in Java; SecretsInCamelMainTest checks each way.)
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private static final String OWN = "io.github.camelicsoc";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> loggers = new CopyOnWriteArrayList<>();
    private final Level previousLevel;

    public LogCapture() {
        this(Level.DEBUG);
    }

    /** Captures everything from {@code level} up (the component's own lines at every level). */
    public LogCapture(Level level) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Configuration config = logging.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        previousLevel = root.getLevel();
        root.addAppender(this, Level.ALL, null);
        root.setLevel(level);
        LoggerConfig own = new LoggerConfig(OWN, Level.ALL, true);
        config.addLogger(OWN, own);
        logging.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder sb = new StringBuilder(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            sb.append('\n').append(t);
        }
        loggers.add(event.getLoggerName());
        lines.add(sb.toString());
    }

    /** How many captured lines came from a logger whose name starts with {@code prefix}. */
    public long linesFrom(String prefix) {
        return loggers.stream().filter(name -> name.startsWith(prefix)).count();
    }

    public String text() {
        return String.join("\n", lines);
    }

    public int size() {
        return lines.size();
    }

    @Override
    public void close() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = logging.getConfiguration().getRootLogger();
        root.removeAppender(getName());
        root.setLevel(previousLevel);
        logging.getConfiguration().removeLogger(OWN);
        logging.updateLoggers();
        stop();
    }
}

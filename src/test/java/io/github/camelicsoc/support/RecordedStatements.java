package io.github.camelicsoc.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * A DataSource that keeps the text of every statement prepared through it, in order, so that a test can say how many
 * statements the records store ran, and in which order (the keys before the watermark).
 */
public final class RecordedStatements {

    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final DataSource dataSource;

    public RecordedStatements(DataSource database) {
        this(database, sql -> {
        });
    }

    /** Records as the other constructor does, and hands each statement to {@code prepared} before it runs. */
    public RecordedStatements(DataSource database, Consumer<String> prepared) {
        this.dataSource = proxy(DataSource.class, database, (method, args, result) -> result instanceof Connection c
                ? proxy(Connection.class, c, (called, sqlArgs, statement) -> {
                    if (called.equals("prepareStatement") && sqlArgs[0] instanceof String sql) {
                        statements.add(sql);
                        prepared.accept(sql);
                    }
                    return statement;
                })
                : result);
    }

    /** The DataSource to give the records store. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The statements prepared so far, in order. */
    public List<String> all() {
        return List.copyOf(statements);
    }

    /** How many statements prepared so far are {@code which}. */
    public int count(Predicate<String> which) {
        return (int) statements.stream().filter(which).count();
    }

    /** A statement that reads the delivered-record keys. */
    public static boolean keyLookup(String sql) {
        return sql.startsWith("SELECT") && sql.contains("icsoc_delivered");
    }

    /** A statement that writes delivered-record keys (the marks of records delivered). */
    public static boolean keyWrite(String sql) {
        return sql.contains("icsoc_delivered") && (sql.contains("INSERT") || sql.startsWith("MERGE"));
    }

    /** A statement that reads a state row: a watermark, or the term of the consumer that holds it. */
    public static boolean stateRead(String sql) {
        return sql.contains("icsoc_state") && sql.startsWith("SELECT");
    }

    /** A statement that writes a watermark (or any other state row). */
    public static boolean stateWrite(String sql) {
        return sql.contains("icsoc_state") && !sql.startsWith("SELECT");
    }

    @FunctionalInterface
    private interface AfterCall {
        Object apply(String method, Object[] args, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, method, args) -> {
            try {
                return after.apply(method.getName(), args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}

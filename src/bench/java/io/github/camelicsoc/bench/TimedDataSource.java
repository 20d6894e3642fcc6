package io.github.camelicsoc.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A DataSource that counts the statements run through it and the time spent in the database: borrowing a connection,
 * running a statement, committing. What the records store costs in statements, against the rest of a catch-up.
 */
final class TimedDataSource {

    private static final Set<String> TIMED = Set.of("getConnection", "execute", "executeQuery", "executeUpdate",
            "executeBatch", "commit", "close");

    final AtomicLong statements = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();
    /** Count and time of the statements of each kind: what the records store spends its database time on. */
    final Map<String, long[]> byKind = new ConcurrentSkipListMap<>();
    private final DataSource dataSource;

    TimedDataSource(DataSource database) {
        this.dataSource = timed(DataSource.class, database);
    }

    DataSource dataSource() {
        return dataSource;
    }

    private static String kindOf(String sql) {
        if (sql.contains("icsoc_delivered")) {
            return sql.contains("INSERT") || sql.startsWith("MERGE") ? "keys written" : sql.startsWith("SELECT")
                    ? "keys looked up" : "keys, other";
        }
        if (sql.contains("icsoc_state")) {
            return sql.startsWith("SELECT") ? "state read (term)" : "state written (watermark)";
        }
        if (sql.contains("icsoc_placement")) {
            return sql.startsWith("SELECT") ? "placements read" : "placements written (claims)";
        }
        return "other";
    }

    /** Nanoseconds spent on statements of {@code kind}, and commits after them; 0 when there were none. */
    long nanosOf(String kind) {
        long[] total = byKind.get(kind);
        if (total == null) {
            return 0;
        }
        synchronized (total) {
            return total[1];
        }
    }

    private <T> T timed(Class<T> type, T target) {
        return timed(type, target, "other", new String[] { "other" });
    }

    /**
     * {@code lastKind} is the kind of the last statement run on the connection the proxy belongs to: a commit counts
     * for that kind, so a transaction's kind holds its commit too.
     */
    private <T> T timed(Class<T> type, T target, String kind, String[] lastKind) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, method, args) -> {
            boolean timed = TIMED.contains(method.getName());
            long start = timed ? System.nanoTime() : 0;
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (timed) {
                    long took = System.nanoTime() - start;
                    nanos.addAndGet(took);
                    boolean statement = method.getName().startsWith("execute");
                    if (statement) {
                        lastKind[0] = kind;
                    }
                    if (statement || method.getName().equals("commit")) {
                        long[] kindTotal = byKind.computeIfAbsent(statement ? kind : lastKind[0], k -> new long[2]);
                        synchronized (kindTotal) {
                            kindTotal[0] += statement ? 1 : 0;
                            kindTotal[1] += took;
                        }
                    }
                }
            }
            if (method.getName().startsWith("execute")) {
                statements.incrementAndGet();
            }
            if (result instanceof Connection c) {
                return timed(Connection.class, c);
            }
            if (result instanceof PreparedStatement s) {
                return timed(PreparedStatement.class, s, kindOf(String.valueOf(args[0])), lastKind);
            }
            if (result instanceof Statement s) {
                return timed(Statement.class, s, "other", lastKind);
            }
            return result;
        }));
    }
}

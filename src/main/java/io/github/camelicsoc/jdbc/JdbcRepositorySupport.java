package io.github.camelicsoc.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.ObjectHelper;

/**
 * What the records store's two repositories share: the database, their table, its dialect, and creating the table at
 * start when it is missing.
 */
public abstract class JdbcRepositorySupport extends ServiceSupport {

    /** Seconds a single statement may take before it fails instead of hanging the poll. */
    static final int QUERY_TIMEOUT_SECONDS = 30;

    /**
     * How long a connection may wait for the database's answer before it fails, by default. The query timeout alone
     * does not bound a frozen database: the driver cancels a query by asking the same server, which does not answer
     * either. Longer than the query timeout, so that a slow query fails by that first.
     */
    static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(45);

    /** setNetworkTimeout's executor: it only closes the connection when the time is up, the caller can do that. */
    private static final Executor ON_CALLER = Runnable::run;

    /** Which of the jar's table definitions this repository uses; also its default table name. */
    private final String definition;
    private DataSource dataSource;
    private String tableName;
    private String dialect;
    private boolean createTable = true;
    private Duration networkTimeout = DEFAULT_NETWORK_TIMEOUT;
    private JdbcDialect sql;

    JdbcRepositorySupport(String definition, DataSource dataSource) {
        this.definition = definition;
        this.tableName = definition;
        this.dataSource = dataSource;
    }

    @Override
    protected void doStart() throws Exception {
        ObjectHelper.notNull(dataSource, "dataSource");
        JdbcDialect.checkTableName(tableName);
        checkSettings();
        boundLogin();
        sql = JdbcDialect.of(dialect, this::connect);
        createTableIfMissing();
    }

    /**
     * Creates the table when it is missing and {@code createTable} is on. Done at start, and again by each start of a
     * records consumer using this repository: a repository stays started while its route stops and starts, so a
     * table dropped in between would otherwise not come back until the application restarts.
     */
    public void createTableIfMissing() throws SQLException {
        if (createTable) {
            sql().createTable(this::connect, definition, tableName);
        }
    }

    /**
     * Gives the DataSource a login timeout when it has none: opening a connection to a frozen database otherwise
     * waits for ever (a pool has its own connection timeout, and says so by having one).
     */
    private void boundLogin() {
        try {
            if (dataSource.getLoginTimeout() == 0) {
                dataSource.setLoginTimeout((int) Math.max(1, networkTimeout.toSeconds()));
            }
        } catch (SQLException | RuntimeException e) {
            // a DataSource that cannot say or take one: the network timeout still bounds every statement
        }
    }

    /**
     * A connection of the DataSource whose reads wait at most the network timeout, so that a database that stops
     * answering fails the statement (and the poll) instead of hanging it.
     */
    Connection connect() throws SQLException {
        Connection c = getDataSource().getConnection();
        try {
            c.setNetworkTimeout(ON_CALLER, (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis()));
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException | AbstractMethodError e) {
            // a driver without it: the login and query timeouts are all there is
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Work on one borrowed connection. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work on one prepared statement. */
    @FunctionalInterface
    interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection borrowed for it alone and commits it (when the connection does not commit by
     * itself), so each read or write is its own transaction.
     */
    <T> T onConnection(ConnectionWork<T> work) throws SQLException {
        try (Connection c = connect()) {
            T result = work.run(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return result;
        }
    }

    /**
     * Runs {@code work} on a connection borrowed for it alone as one transaction: committed at its end, rolled back
     * when it fails, the connection given back as it came.
     */
    <T> T inTransaction(ConnectionWork<T> work) throws SQLException {
        try (Connection c = connect()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException notRolledBack) {
                    e.addSuppressed(notRolledBack);
                }
                throw e;
            } finally {
                if (autoCommit) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException broken) {
                        // the connection is closed next; a pool resets it, a broken one it drops
                    }
                }
            }
        }
    }

    /** Runs one statement, with the query timeout, as {@link #onConnection} does. */
    <T> T onStatement(String sql, StatementWork<T> work) throws SQLException {
        return onConnection(c -> onStatement(c, sql, work));
    }

    /** Runs one statement on a connection already borrowed, with the query timeout. */
    static <T> T onStatement(Connection c, String sql, StatementWork<T> work) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            return work.run(s);
        }
    }

    /**
     * Proves, once started, that this repository can write a row of the widest size its columns are meant to hold and
     * read it back, and removes it again; throws what the database said otherwise (a read-only user, a column
     * narrower than the shipped DDL, a dialect that is not the database's).
     */
    public abstract void checkWritable();

    /** What to call this repository in a message: its table and the SQL dialect it writes. */
    public String describe() {
        String written = sql != null ? sql.name().toLowerCase(Locale.ROOT) : dialect;
        return "the table " + tableName + (written == null ? "" : " (dialect " + written + ")");
    }

    /**
     * Whether {@code failure} says the database could not be reached at all (refused, timed out, the connection
     * broken: SQLState class 08 or a connection exception), rather than that it refused what was asked.
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                || t instanceof java.sql.SQLNonTransientConnectionException
                || t instanceof java.sql.SQLTimeoutException
                || t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException
                || t instanceof java.net.UnknownHostException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** Refuses settings of the subclass's own before anything touches the database. */
    void checkSettings() {
    }

    /** The SQL of the database, once started. */
    JdbcDialect sql() {
        if (sql == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " on " + tableName + " is not started");
        }
        return sql;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /** The database; a pooled DataSource, since each read and write borrows a connection. */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getTableName() {
        return tableName;
    }

    /**
     * The table (default icsoc_state for the watermark, icsoc_delivered for the delivered keys): a plain name,
     * optionally schema.table.
     */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    public String getDialect() {
        return dialect;
    }

    /** postgresql, mysql (MariaDB too) or h2; by default read from the database's metadata. */
    public void setDialect(String dialect) {
        this.dialect = dialect;
    }

    public Duration getNetworkTimeout() {
        return networkTimeout;
    }

    /**
     * How long a statement may wait for the database to answer at all before it fails (default 45 seconds, beside
     * the 30-second query timeout); also the login timeout of a DataSource that has none. A frozen database then
     * fails the poll within this time and the consumer's health goes DOWN.
     */
    public void setNetworkTimeout(Duration networkTimeout) {
        if (networkTimeout == null || networkTimeout.isNegative() || networkTimeout.isZero()
            || networkTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("networkTimeout must be between 1 ms and 1 day, not " + networkTimeout);
        }
        this.networkTimeout = networkTimeout;
    }

    public boolean isCreateTable() {
        return createTable;
    }

    /** Whether to create the table at start when it is missing (default true). */
    public void setCreateTable(boolean createTable) {
        this.createTable = createTable;
    }
}

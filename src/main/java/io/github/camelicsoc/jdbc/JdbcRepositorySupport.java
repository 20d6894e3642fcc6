package io.github.camelicsoc.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

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

    /** Which of the jar's table definitions this repository uses; also its default table name. */
    private final String definition;
    private DataSource dataSource;
    private String tableName;
    private String dialect;
    private boolean createTable = true;
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
        sql = JdbcDialect.of(dialect, dataSource);
        if (createTable) {
            sql.createTable(dataSource, definition, tableName);
        }
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
        try (Connection c = getDataSource().getConnection()) {
            T result = work.run(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return result;
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

    public boolean isCreateTable() {
        return createTable;
    }

    /** Whether to create the table at start when it is missing (default true). */
    public void setCreateTable(boolean createTable) {
        this.createTable = createTable;
    }
}

package io.github.camelicsoc.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The SQL of the JDBC records store for each database it supports, and its tables' DDL, shipped in the jar as
 * {@code io/github/camelicsoc/sql/<dialect>.sql}. Every write is one statement, atomic on its own: a process killed
 * while writing leaves the old row or the new one, never half of one. Longer than most classes here on purpose: all
 * the SQL text of the component is in this one place, to be read and reviewed together.
 */
enum JdbcDialect {

    POSTGRESQL("postgresql",
            "INSERT INTO %s (state_key, state_value, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (state_key) DO UPDATE SET state_value = EXCLUDED.state_value, updated_at = EXCLUDED.updated_at",
            "INSERT INTO %1$s " + JdbcDialect.KEY_COLUMNS + " VALUES %2$s ON CONFLICT DO NOTHING",
            "INSERT INTO %s (" + Placements.COLUMNS + ") VALUES (" + Placements.VALUES + ")"
            + " ON CONFLICT (call_id) DO UPDATE SET " + Placements.replaced("EXCLUDED.%s"),
            Placements.DELETE_OLDEST_BY_SUBQUERY) {
        @Override
        String insertKeys(String table, int rows, boolean lazily) {
            if (!lazily) {
                return super.insertKeys(table, rows, false);
            }
            // still one statement: synchronous_commit off for its own transaction only, so the commit does not wait
            // for the disk flush (see JdbcIdempotentRepository.setFlushEachKey)
            return String.format("WITH lazy AS (SELECT set_config('synchronous_commit', 'off', true))"
                                 + " INSERT INTO %s " + JdbcDialect.KEY_COLUMNS
                                 + " SELECT v.* FROM lazy, (VALUES %s) AS v" + JdbcDialect.KEY_COLUMNS
                                 + " ON CONFLICT DO NOTHING", table, rows(rows));
        }
    },
    MYSQL("mysql",
            "INSERT INTO %s (state_key, state_value, updated_at) VALUES (?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE state_value = VALUES(state_value), updated_at = VALUES(updated_at)",
            "INSERT IGNORE INTO %1$s " + JdbcDialect.KEY_COLUMNS + " VALUES %2$s",
            "INSERT INTO %s (" + Placements.COLUMNS + ") VALUES (" + Placements.VALUES + ")"
            + " ON DUPLICATE KEY UPDATE " + Placements.replaced("VALUES(%s)"),
            // MySQL refuses a LIMIT in a subquery of IN, and a subquery on the table being deleted from
            "DELETE FROM %s WHERE " + Placements.EVERY_STATE + " AND placed_at < ? LIMIT ?"),
    H2("h2",
            "MERGE INTO %s (state_key, state_value, updated_at) KEY (state_key) VALUES (?, ?, ?)",
            // a key already there fails with a unique violation, which add() reads as "already delivered"
            "INSERT INTO %1$s " + JdbcDialect.KEY_COLUMNS + " VALUES %2$s",
            "MERGE INTO %s (" + Placements.COLUMNS + ") KEY (call_id) VALUES (" + Placements.VALUES + ")",
            Placements.DELETE_OLDEST_BY_SUBQUERY) {
        @Override
        String insertKeys(String table, int rows, boolean lazily) {
            // several keys: one already there must not fail the others (it only moves its delivered_at)
            return rows == 1 ? super.insertKeys(table, rows, lazily)
                    : String.format("MERGE INTO %s " + JdbcDialect.KEY_COLUMNS
                                    + " KEY (repository_name, record_key) VALUES %s", table, rows(rows));
        }
    };

    /** The default table names, as written in the DDL files. */
    static final String STATE_TABLE = "icsoc_state";
    static final String DELIVERED_TABLE = "icsoc_delivered";
    static final String PLACEMENT_TABLE = "icsoc_placement";

    /** The longest state key and value, and the longest record key and repository name the tables hold. */
    static final int MAX_STATE_KEY = 255;
    static final int MAX_STATE_VALUE = 1024;
    static final int MAX_RECORD_KEY = 200;
    static final int MAX_REPOSITORY_NAME = 100;
    /** The longest note beside a record key (a record's field digests). */
    static final int MAX_NOTE = 2000;

    /** The widths of the placements table's columns, as the DDL declares them. */
    static final int MAX_CALL_ID = 200;
    static final int MAX_CORRELATION_KEY = 255;
    static final int MAX_CARRIED_HEADERS = 10_000;
    static final int MAX_NUMBER = 64;
    static final int MAX_MODE = 16;
    static final int MAX_RECORD_IDENTITY = 255;

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}(\\.[A-Za-z_][A-Za-z0-9_]{0,50})?");

    private final String name;
    private final String upsertState;
    private final String insertKey;
    private final String upsertPlacement;
    private final String deleteOldestPlacements;

    JdbcDialect(String name, String upsertState, String insertKey, String upsertPlacement,
                String deleteOldestPlacements) {
        this.name = name;
        this.upsertState = upsertState;
        this.insertKey = insertKey;
        this.upsertPlacement = upsertPlacement;
        this.deleteOldestPlacements = deleteOldestPlacements;
    }

    /**
     * Remembers a placement, replacing (and reopening) one of the same call id, in {@link Placements#COLUMNS} order.
     */
    String upsertPlacement(String table) {
        return String.format(upsertPlacement, table);
    }

    /** Deletes at most a batch of the placements placed before a time: placed_at, batch size. */
    String deleteOldestPlacements(String table) {
        return deleteOldestPlacements.replace("%s", table);
    }

    String upsertState(String table) {
        return String.format(upsertState, table);
    }

    /**
     * Inserts {@code rows} keys in one statement (repository_name, record_key, delivered_at, note for each), leaving a key
     * that is already there as it is; {@code lazily}: its commit need not wait for the disk flush, where the database
     * lets one statement say so.
     */
    String insertKeys(String table, int rows, boolean lazily) {
        return String.format(insertKey, table, rows(rows));
    }

    /** The most keys one statement inserts or looks up: a few round trips for a window, far below drivers' limits. */
    static final int MAX_KEYS_A_STATEMENT = 500;

    private static final String KEY_COLUMNS = "(repository_name, record_key, delivered_at, note)";

    private static String rows(int rows) {
        return String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?)"));
    }

    // the statements every database reads the same way; the dialects differ only in the writes above

    /** The note beside a key: repository_name, record_key. */
    static String selectNote(String table) {
        return "SELECT note FROM " + table + " WHERE repository_name = ? AND record_key = ?";
    }

    /**
     * Which of {@code keys} keys are stored for a repository name, with their notes: repository_name, then each
     * record_key.
     */
    static String selectKeys(String table, int keys) {
        return "SELECT record_key, note FROM " + table + " WHERE repository_name = ? AND record_key IN ("
               + String.join(", ", Collections.nCopies(keys, "?")) + ")";
    }

    /** Removes one key: repository_name, record_key. */
    static String deleteKey(String table) {
        return "DELETE FROM " + table + " WHERE repository_name = ? AND record_key = ?";
    }

    /** Removes every key of a repository name: repository_name. */
    static String deleteKeys(String table) {
        return "DELETE FROM " + table + " WHERE repository_name = ?";
    }

    /** When the newest key of a repository name was delivered: repository_name. */
    static String newestKey(String table) {
        return "SELECT MAX(delivered_at) FROM " + table + " WHERE repository_name = ?";
    }

    /** Removes a repository name's keys delivered before a time: repository_name, delivered_at. */
    static String deleteKeysBefore(String table) {
        return "DELETE FROM " + table + " WHERE repository_name = ? AND delivered_at < ?";
    }

    /** Adds a state that must not be there yet: state_value, updated_at, state_key. */
    static String insertState(String table) {
        return "INSERT INTO " + table + " (state_value, updated_at, state_key) VALUES (?, ?, ?)";
    }

    /** Replaces a state only when it still holds what was read: state_value, updated_at, state_key, old value. */
    static String replaceState(String table) {
        return "UPDATE " + table + " SET state_value = ?, updated_at = ? WHERE state_key = ? AND state_value = ?";
    }

    /** Removes a state: state_key. */
    static String deleteState(String table) {
        return "DELETE FROM " + table + " WHERE state_key = ?";
    }

    /** A state's value: state_key. */
    static String selectState(String table) {
        return "SELECT state_value FROM " + table + " WHERE state_key = ?";
    }

    /** The placements table's SQL that every database reads the same way. */
    static final class Placements {

        /** A placement's states: it leaves open once, for matched or timed_out. */
        static final String OPEN = "open";
        static final String MATCHED = "matched";
        static final String TIMED_OUT = "timed_out";

        /** The columns a placement is written and read in; its state, claimant and updated_at last. */
        static final String COLUMNS = "call_id, correlation_key, carried_headers, caller, called, call_mode,"
                                      + " display_caller, display_called, placed_at, ring_timeout_ms, state, claimed_by,"
                                      + " updated_at";
        /** A remembered placement is open and unclaimed, whatever the row of its call id was. */
        static final String VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '" + OPEN + "', NULL, ?";

        /** Every state, named so that pruning by placement time uses the (state, placed_at) index. */
        static final String EVERY_STATE = "state IN ('" + OPEN + "', '" + MATCHED + "', '" + TIMED_OUT + "')";

        /** Deletes a batch of rows placed before a time; the table appears twice (PostgreSQL and H2). */
        static final String DELETE_OLDEST_BY_SUBQUERY = "DELETE FROM %s WHERE call_id IN (SELECT call_id FROM %s"
                                                        + " WHERE " + EVERY_STATE + " AND placed_at < ? LIMIT ?)";

        private Placements() {
        }

        /** Every column but call_id set from {@code source} (a format with one %s for the column name). */
        static String replaced(String source) {
            StringBuilder set = new StringBuilder();
            for (String column : COLUMNS.split(", *")) {
                if (!column.equals("call_id")) {
                    set.append(set.isEmpty() ? "" : ", ").append(column).append(" = ")
                            .append(String.format(source, column));
                }
            }
            return set.toString();
        }

        /** One placement by call id: call_id. */
        static String byCallId(String table) {
            return "SELECT " + COLUMNS + " FROM " + table + " WHERE call_id = ?";
        }

        /**
         * Placements by numbers within a time window, both ends included: caller, called, from, to, limit. In no
         * order: an ORDER BY placed_at with the LIMIT could lead a plan to the placed_at index, scanning every
         * placement of the window instead of the few of these numbers.
         */
        static String byNumbers(String table) {
            return "SELECT " + COLUMNS + " FROM " + table
                   + " WHERE caller = ? AND called = ? AND placed_at >= ? AND placed_at <= ? LIMIT ?";
        }

        /**
         * Placements of every state placed within a time span, both ends included, in no order: from, to, limit. The
         * states are named so that the (state, placed_at) index serves it.
         */
        static String placedBetween(String table) {
            return "SELECT " + COLUMNS + " FROM " + table + " WHERE state IN ('" + OPEN + "', '" + MATCHED + "', '"
                   + TIMED_OUT + "') AND placed_at >= ? AND placed_at <= ? LIMIT ?";
        }

        /** Open placements placed before a time, oldest first: placed_at, limit. */
        static String openPlacedBefore(String table) {
            return "SELECT " + COLUMNS + " FROM " + table + " WHERE state = '" + OPEN + "' AND placed_at < ?"
                   + " ORDER BY placed_at, call_id LIMIT ?";
        }

        /**
         * Marks an open placement matched by a record; one conditional UPDATE, so of several nodes at once exactly one
         * changes the row: claimed_by, updated_at, call_id.
         */
        static String claim(String table) {
            return "UPDATE " + table + " SET state = '" + MATCHED + "', claimed_by = ?, updated_at = ?"
                   + " WHERE call_id = ? AND state = '" + OPEN + "'";
        }

        /** Marks an open placement timed out, as {@link #claim} does: updated_at, call_id. */
        static String timeOut(String table) {
            return "UPDATE " + table + " SET state = '" + TIMED_OUT + "', updated_at = ?"
                   + " WHERE call_id = ? AND state = '" + OPEN + "'";
        }

        /** A placement's state and the record that claimed it: call_id. */
        static String state(String table) {
            return "SELECT state, claimed_by FROM " + table + " WHERE call_id = ?";
        }

        /** One row if the table holds any placement at all. */
        static String any(String table) {
            return "SELECT 1 FROM " + table + " LIMIT 1";
        }

        /** Forgets one placement: call_id. */
        static String delete(String table) {
            return "DELETE FROM " + table + " WHERE call_id = ?";
        }
    }

    /** Where the DDL of this dialect is in the jar. */
    String ddlResource() {
        return "io/github/camelicsoc/sql/" + name + ".sql";
    }

    /** Opens a connection with the repository's timeouts. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    /** The dialect named {@code name} (postgresql, mysql, mariadb, h2), or the database's own when it is null. */
    static JdbcDialect of(String name, Connector database) throws SQLException {
        String product = name;
        if (product == null || product.isBlank()) {
            try (Connection c = database.connect()) {
                product = c.getMetaData().getDatabaseProductName();
            }
        }
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("The icsoc records store supports PostgreSQL, MySQL, MariaDB and H2, not '"
                                           + product + "'; create the repositories for another database yourself");
    }

    /** Refuses a table name that is not a plain identifier (optionally schema-qualified): it goes into SQL text. */
    static String checkTableName(String table) {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("'" + table + "' is not a plain table name (letters, digits and _,"
                                               + " optionally schema.table)");
        }
        return table;
    }

    /**
     * Creates the tables of the shipped DDL that mention {@code defaultTable}, under the name {@code table}, when they
     * do not exist yet. Several routes or nodes starting at once create them once: the existence check and the DDL run
     * under a lock of the database (an advisory lock on PostgreSQL, GET_LOCK on MySQL and MariaDB), and a table that is
     * there is not touched at all, so the database's log shows no error from a race of two CREATE TABLE IF NOT EXISTS.
     */
    void createTable(Connector database, String defaultTable, String table) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (String statement : ddl()) {
            if (statement.contains(defaultTable)) {
                statements.add(statement.replace(defaultTable, table));
            }
        }
        try (Connection c = database.connect()) {
            if (tableExists(c, table)) {
                return;
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(this != POSTGRESQL);
            try {
                lock(c, table);
                try (Statement s = c.createStatement()) {
                    if (!tableExists(c, table)) {
                        for (String statement : statements) {
                            s.execute(statement);
                        }
                    }
                } finally {
                    unlock(c, table);
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Waits for the lock that creating {@code table} is done under (PostgreSQL's ends with the transaction). */
    private void lock(Connection c, String table) throws SQLException {
        if (this == H2) {
            // H2 has no lock of this kind; its in-memory databases live in one JVM, so a lock of the JVM serves
            H2_DDL.lock();
        } else if (this == POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                s.setLong(1, lockId(table));
                s.setQueryTimeout(JdbcRepositorySupport.QUERY_TIMEOUT_SECONDS);
                s.executeQuery().close();
            }
        } else if (this == MYSQL) {
            try (PreparedStatement s = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                s.setString(1, lockName(table));
                s.setInt(2, JdbcRepositorySupport.QUERY_TIMEOUT_SECONDS);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new SQLException("Another node held the lock " + lockName(table) + " for more than "
                                               + JdbcRepositorySupport.QUERY_TIMEOUT_SECONDS + " s while creating "
                                               + table);
                    }
                }
            }
        }
    }

    private void unlock(Connection c, String table) throws SQLException {
        if (this == H2) {
            H2_DDL.unlock();
        } else if (this == MYSQL) {
            try (PreparedStatement s = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                s.setString(1, lockName(table));
                s.executeQuery().close();
            }
        }
    }

    private static final ReentrantLock H2_DDL = new ReentrantLock();

    private static long lockId(String table) {
        // a fixed prefix keeps the icsoc lock apart from the application's own advisory locks
        return 0x1C50C000_00000000L | (table.toLowerCase(Locale.ROOT).hashCode() & 0xFFFFFFFFL);
    }

    private static String lockName(String table) {
        return "icsoc_ddl:" + table.toLowerCase(Locale.ROOT);
    }

    /** Whether the table is there, asked so that a missing one is not an error in the database's log. */
    private boolean tableExists(Connection c, String table) throws SQLException {
        String sql = switch (this) {
            case POSTGRESQL -> "SELECT to_regclass(?) IS NOT NULL";
            case MYSQL -> "SELECT COUNT(*) > 0 FROM information_schema.tables"
                          + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?";
            case H2 -> "SELECT COUNT(*) > 0 FROM information_schema.tables"
                       + " WHERE table_schema = COALESCE(?, SCHEMA()) AND UPPER(table_name) = UPPER(?)";
        };
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(JdbcRepositorySupport.QUERY_TIMEOUT_SECONDS);
            if (this == POSTGRESQL) {
                s.setString(1, table);
            } else {
                int dot = table.indexOf('.');
                s.setString(1, dot < 0 ? null : this == H2 ? table.substring(0, dot).toUpperCase(Locale.ROOT)
                        : table.substring(0, dot));
                s.setString(2, table.substring(dot + 1));
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The statements of the shipped DDL, comments left out. */
    List<String> ddl() {
        String text;
        try (InputStream in = JdbcDialect.class.getClassLoader().getResourceAsStream(ddlResource())) {
            if (in == null) {
                throw new IllegalStateException(ddlResource() + " is missing from the camel-icsoc jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + ddlResource(), e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.substring(0, current.lastIndexOf(";")).strip());
                current.setLength(0);
            }
        }
        return statements;
    }
}

package io.github.camelicsoc.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;

import io.github.camelicsoc.model.IcsocException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;

/**
 * A {@link StateRepository} in a database table, for the records consumer's watermark (Camel has none over JDBC).
 * <p>
 * One row per key. {@link #setState} is one upsert statement ({@code INSERT ... ON CONFLICT DO UPDATE} on PostgreSQL,
 * {@code ... ON DUPLICATE KEY UPDATE} on MySQL and MariaDB, {@code MERGE} on H2) committed on its own, so a process
 * killed while writing leaves the previous value or the new one, never part of one; several nodes share the table
 * safely. Keys hold up to 255 characters and values up to 1,024; longer ones are refused rather than cut.
 * <p>
 * The table is created at start when it is missing ({@code createTable}); its DDL for each database is in the jar at
 * {@code io/github/camelicsoc/sql/<postgresql|mysql|h2>.sql}. Give the repository a pooled {@link DataSource} (each
 * read and write borrows a connection).
 */
public class JdbcStateRepository extends JdbcRepositorySupport implements StateRepository<String, String> {

    public JdbcStateRepository() {
        this(null);
    }

    public JdbcStateRepository(DataSource dataSource) {
        super(JdbcDialect.STATE_TABLE, dataSource);
    }

    @Override
    public void setState(String key, String value) {
        check("key", key, JdbcDialect.MAX_STATE_KEY);
        check("value", value, JdbcDialect.MAX_STATE_VALUE);
        try {
            onStatement(sql().upsertState(getTableName()), s -> {
                s.setString(1, key);
                s.setString(2, value);
                s.setObject(3, LocalDateTime.now(ZoneOffset.UTC));
                return s.executeUpdate();
            });
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot write state '" + key + "' to the table " + getTableName() + ": "
                                            + e.getMessage(), e);
        }
    }

    @Override
    public String getState(String key) {
        check("key", key, JdbcDialect.MAX_STATE_KEY);
        try {
            return onStatement(JdbcDialect.selectState(getTableName()), s -> {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read state '" + key + "' from the table " + getTableName() + ": "
                                            + e.getMessage(), e);
        }
    }

    /**
     * Takes the next term of {@code key} for {@code owner} and returns it ({@code <number>:<owner>}): a compare-and-set
     * on the row, so two nodes taking a term at once get two different numbers and the later one holds the term.
     * The records consumer fences a stale leader with it (see RecordsStoreGuard).
     */
    public String claimTerm(String key, String owner) {
        for (int attempt = 0; attempt < 100; attempt++) {
            String current = getState(key);
            long number = current == null ? 1 : parseTerm(current) + 1;
            String next = number + ":" + owner;
            check("value", next, JdbcDialect.MAX_STATE_VALUE);
            try {
                int changed = onStatement(current == null ? JdbcDialect.insertState(getTableName())
                        : JdbcDialect.replaceState(getTableName()), s -> {
                    s.setString(1, next);
                    s.setObject(2, LocalDateTime.now(ZoneOffset.UTC));
                    s.setString(3, key);
                    if (current != null) {
                        s.setString(4, current);
                    }
                    return s.executeUpdate();
                });
                if (changed == 1) {
                    return next;
                }
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw new RuntimeCamelException("Cannot take a term of '" + key + "' in the table "
                                                    + getTableName() + ": " + e.getMessage(), e);
                }
                // another node inserted the first term at the same moment: read it and go on from there
            }
        }
        throw new RuntimeCamelException("Cannot take a term of '" + key + "' in the table " + getTableName()
                                        + ": other nodes kept taking it");
    }

    private static long parseTerm(String term) {
        int colon = term.indexOf(':');
        try {
            return Long.parseLong(colon < 0 ? term : term.substring(0, colon));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Writes a state of the longest key and value, reads it back and deletes it. */
    @Override
    public void checkWritable() {
        String probe = "icsoc:store-check:" + UUID.randomUUID();
        String key = probe + ".".repeat(JdbcDialect.MAX_STATE_KEY - probe.length());
        String value = probe + "=".repeat(JdbcDialect.MAX_STATE_VALUE - probe.length());
        setState(key, value);
        String read = getState(key);
        try {
            onStatement(JdbcDialect.deleteState(getTableName()), s -> {
                s.setString(1, key);
                return s.executeUpdate();
            });
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot delete a state from the table " + getTableName() + ": "
                                            + e.getMessage(), e);
        }
        if (!value.equals(read)) {
            throw new RuntimeCamelException("The table " + getTableName() + " gave back another state than it was"
                                            + " given (a state_key or state_value column narrower than 255 and 1,024"
                                            + " characters?)");
        }
    }

    private static void check(String what, String text, int max) {
        if (text == null) {
            throw new IllegalArgumentException("A state " + what + " must not be null");
        }
        if (text.length() > max) {
            throw new IllegalArgumentException("A state " + what + " holds at most " + max + " characters, not "
                                               + text.length() + ": '" + IcsocException.excerpt(text) + "'");
        }
    }

    @Override
    public String toString() {
        return "JdbcStateRepository[" + getTableName() + "]";
    }
}

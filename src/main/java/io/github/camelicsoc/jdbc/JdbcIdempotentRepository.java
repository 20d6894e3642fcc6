package io.github.camelicsoc.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

import io.github.camelicsoc.model.IcsocException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IdempotentRepository} in a database table, beside {@link JdbcStateRepository} in the same database: the
 * keys of the call records delivered, so that overlapping record windows, a restart or another node deliver each
 * record once.
 * <p>
 * A key is written by one insert that does nothing when the key is there ({@code ON CONFLICT DO NOTHING} on
 * PostgreSQL, {@code INSERT IGNORE} on MySQL and MariaDB), committed on its own; on PostgreSQL without waiting for
 * the disk flush unless {@code flushEachKey} is set (see there: a crash of the database server may repeat records,
 * never lose one). Keys longer than 200 characters are
 * stored as their first 120 characters and a SHA-256 of the whole key. Keys known to be delivered are cached (the
 * latest {@code cacheSize}), since every poll reads its lookback window again; a key removed by another process may
 * stay in this cache.
 * <p>
 * Keys older than {@code retention} (7 days by default), counted back from the newest key of the same repository name,
 * are deleted once an hour: a record is read again only within lookback of the watermark, and counting from the
 * newest key rather than from now keeps the keys of a consumer that was stopped for longer than the retention.
 * <p>
 * Why not camel-sql's JdbcMessageIdRepository: it needs Spring JDBC on the classpath and asks with two statements
 * (a select, then an insert) per key; this one needs only a DataSource and shares the DDL of the records store.
 * <p>
 * Its length: Camel's single-key IdempotentRepository contract and the bulk one a poll uses
 * ({@link BulkIdempotentRepository}: keys looked up and written many to a statement, with a version's field note),
 * over one cache and one retention sweep; splitting them would split the cache that both must keep true.
 */
public class JdbcIdempotentRepository extends JdbcRepositorySupport implements BulkIdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcIdempotentRepository.class);

    static final String DEFAULT_REPOSITORY_NAME = "icsoc";
    static final int DEFAULT_CACHE_SIZE = 100_000;
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int KEPT_PREFIX = 120;

    private String repositoryName = DEFAULT_REPOSITORY_NAME;
    private int cacheSize = DEFAULT_CACHE_SIZE;
    private Duration retention = DEFAULT_RETENTION;
    private boolean flushEachKey;
    // stored key -> the head of its note ("" for none), the latest cacheSize known to be stored
    private Map<String, String> known;
    private volatile long nextPruneNanos;

    public JdbcIdempotentRepository() {
        this(null, DEFAULT_REPOSITORY_NAME);
    }

    public JdbcIdempotentRepository(DataSource dataSource, String repositoryName) {
        super(JdbcDialect.DELIVERED_TABLE, dataSource);
        this.repositoryName = repositoryName;
    }

    @Override
    void checkSettings() {
        if (repositoryName == null || repositoryName.isEmpty() || repositoryName.length() > JdbcDialect.MAX_REPOSITORY_NAME) {
            throw new IllegalArgumentException("repositoryName must have 1 to " + JdbcDialect.MAX_REPOSITORY_NAME
                                               + " characters, not '" + repositoryName + "'");
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        int size = Math.max(0, cacheSize);
        known = new LinkedHashMap<>(Math.min(size, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > size;
            }
        };
        nextPruneNanos = System.nanoTime();
    }

    @Override
    protected void doStop() throws Exception {
        known = null;
    }

    @Override
    public boolean add(String key) {
        String stored = stored(key);
        boolean added;
        String insert = sql().insertKeys(getTableName(), 1, !flushEachKey);
        try {
            added = onStatement(insert, s -> {
                s.setString(1, repositoryName);
                s.setString(2, stored);
                s.setObject(3, LocalDateTime.now(ZoneOffset.UTC));
                s.setString(4, null);
                try {
                    return s.executeUpdate() > 0;
                } catch (SQLException e) {
                    if (!isUniqueViolation(e)) {
                        throw e;
                    }
                    return false;
                }
            });
        } catch (SQLException e) {
            throw failure("write", key, e);
        }
        remember(stored, "");
        pruneWhenDue();
        return added;
    }

    /**
     * Adds the keys in one statement, so that they are stored together or not at all; more than
     * {@value JdbcDialect#MAX_KEYS_A_STATEMENT} take a statement each that many, in one transaction.
     */
    @Override
    public void addAll(Collection<String> keys) {
        addAll(keys, Map.of());
    }

    /** Adds the keys as {@link #addAll(Collection)}, each with its note from {@code notes} in its note column. */
    @Override
    public void addAll(Collection<String> keys, Map<String, String> notes) {
        Map<String, String> storedNotes = new HashMap<>();
        notes.forEach((noted, note) -> {
            if (note != null && note.length() > JdbcDialect.MAX_NOTE) {
                throw new IllegalArgumentException("A note has at most " + JdbcDialect.MAX_NOTE + " characters");
            }
            storedNotes.put(stored(noted), note);
        });
        List<String> stored = keys.stream().map(JdbcIdempotentRepository::stored).distinct().toList();
        if (stored.isEmpty()) {
            return;
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<List<String>> chunks = chunks(stored);
        ConnectionWork<Void> insert = c -> {
            for (List<String> chunk : chunks) {
                onStatement(c, sql().insertKeys(getTableName(), chunk.size(), !flushEachKey), s -> {
                    int p = 1;
                    for (String key : chunk) {
                        s.setString(p++, repositoryName);
                        s.setString(p++, key);
                        s.setObject(p++, now);
                        s.setString(p++, storedNotes.get(key));
                    }
                    return s.executeUpdate();
                });
            }
            return null;
        };
        try {
            // several statements: one transaction, so that a kill leaves all of them or none
            if (chunks.size() == 1) {
                onConnection(insert);
            } else {
                inTransaction(insert);
            }
        } catch (SQLException e) {
            throw failure("write", stored.get(0) + (stored.size() > 1 ? " and " + (stored.size() - 1) + " more" : ""),
                    e);
        }
        stored.forEach(key -> remember(key, head(storedNotes.get(key))));
        pruneWhenDue();
    }

    /** Looks the keys up in one statement per {@value JdbcDialect#MAX_KEYS_A_STATEMENT}, but for those known. */
    @Override
    public Set<String> containsAny(Collection<String> keys) {
        return notesOfAny(keys).keySet();
    }

    /**
     * Looks the keys up, with the heads of their notes, in one statement per {@value JdbcDialect#MAX_KEYS_A_STATEMENT},
     * but for those known (the cache keeps the head of a key's note as this process wrote or read it: some 40 bytes
     * a key, not the whole note).
     */
    @Override
    public Map<String, String> notesOfAny(Collection<String> keys) {
        Map<String, String> asked = new LinkedHashMap<>();
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String stored = stored(key);
            String note = knownNote(stored);
            if (note != null) {
                found.put(key, note);
            } else {
                asked.putIfAbsent(stored, key);
            }
        }
        if (asked.isEmpty()) {
            return found;
        }
        try {
            onConnection(c -> {
                for (List<String> chunk : chunks(List.copyOf(asked.keySet()))) {
                    onStatement(c, JdbcDialect.selectKeys(getTableName(), chunk.size()), s -> {
                        s.setString(1, repositoryName);
                        for (int i = 0; i < chunk.size(); i++) {
                            s.setString(i + 2, chunk.get(i));
                        }
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                String stored = rs.getString(1);
                                String note = head(rs.getString(2));
                                remember(stored, note);
                                found.put(asked.get(stored), note);
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("read", asked.values().iterator().next() + " and the other keys of a poll", e);
        }
        return found;
    }

    private static List<List<String>> chunks(List<String> keys) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += JdbcDialect.MAX_KEYS_A_STATEMENT) {
            chunks.add(keys.subList(i, Math.min(keys.size(), i + JdbcDialect.MAX_KEYS_A_STATEMENT)));
        }
        return chunks;
    }

    @Override
    public boolean contains(String key) {
        return notesOfAny(List.of(key)).containsKey(key);
    }

    /** The whole note beside {@code key}, read from the table (one statement; whole notes are not cached). */
    @Override
    public String noteOf(String key) {
        String stored = stored(key);
        try {
            return onStatement(JdbcDialect.selectNote(getTableName()), s -> {
                s.setString(1, repositoryName);
                s.setString(2, stored);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
        } catch (SQLException e) {
            throw failure("read the note of", key, e);
        }
    }

    /** What the cache and {@link #notesOfAny} keep of a note: its first NOTE_HEAD characters, "" for none. */
    private static String head(String note) {
        return note == null ? "" : note.length() <= NOTE_HEAD ? note : note.substring(0, NOTE_HEAD);
    }

    @Override
    public boolean remove(String key) {
        String stored = stored(key);
        forget(stored);
        try {
            return onStatement(JdbcDialect.deleteKey(getTableName()), s -> {
                s.setString(1, repositoryName);
                s.setString(2, stored);
                return s.executeUpdate() > 0;
            });
        } catch (SQLException e) {
            throw failure("remove", key, e);
        }
    }

    @Override
    public boolean confirm(String key) {
        // add() already wrote the key for good; the records consumer adds a key only once its exchange succeeded
        return true;
    }

    @Override
    public void clear() {
        synchronized (this) {
            if (known != null) {
                known.clear();
            }
        }
        try {
            onStatement(JdbcDialect.deleteKeys(getTableName()), s -> {
                s.setString(1, repositoryName);
                return s.executeUpdate();
            });
        } catch (SQLException e) {
            throw failure("clear", "*", e);
        }
    }

    /**
     * Deletes the keys older than the retention, counted back from this repository name's newest key; returns how many
     * went. Runs by itself once an hour while keys are added.
     */
    public int prune() {
        if (retention == null || retention.isZero() || retention.isNegative()) {
            return 0;
        }
        try {
            return onConnection(c -> {
                LocalDateTime newest = onStatement(c, JdbcDialect.newestKey(getTableName()), s -> {
                    s.setString(1, repositoryName);
                    try (ResultSet rs = s.executeQuery()) {
                        return rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
                    }
                });
                if (newest == null) {
                    return 0;
                }
                return onStatement(c, JdbcDialect.deleteKeysBefore(getTableName()), s -> {
                    s.setString(1, repositoryName);
                    s.setObject(2, newest.minus(retention));
                    return s.executeUpdate();
                });
            });
        } catch (SQLException e) {
            throw failure("prune", "*", e);
        }
    }

    private void pruneWhenDue() {
        long now = System.nanoTime();
        if (now - nextPruneNanos < 0) {
            return;
        }
        nextPruneNanos = now + PRUNE_EVERY.toNanos();
        try {
            int deleted = prune();
            if (deleted > 0) {
                LOG.debug("Deleted {} delivered-record keys older than {} from {}", deleted, retention, getTableName());
            }
        } catch (RuntimeException e) {
            // a key was written; pruning can wait for the next hour
            LOG.warn("Could not delete old delivered-record keys from {}: {}", getTableName(), e.getMessage());
        }
    }

    /** Adds a key as long as the record_key column holds, finds it and removes it again. */
    @Override
    public void checkWritable() {
        String probe = "icsoc-store-check:" + UUID.randomUUID();
        String key = probe + ".".repeat(JdbcDialect.MAX_RECORD_KEY - probe.length());
        add(key);
        forget(key);
        if (!contains(key) || !remove(key)) {
            throw new RuntimeCamelException("The table " + getTableName() + " did not give back a delivered-record"
                                            + " key it was given (a record_key column narrower than "
                                            + JdbcDialect.MAX_RECORD_KEY + " characters?)");
        }
    }

    /** The key as stored: itself, or when too long for the column its prefix and a SHA-256 of all of it. */
    static String stored(String key) {
        if (key == null) {
            throw new IllegalArgumentException("A record key must not be null");
        }
        if (key.length() <= JdbcDialect.MAX_RECORD_KEY) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return key.substring(0, KEPT_PREFIX) + "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        // SQLState class 23: integrity constraint violation (a key already there)
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** The head of the note of a key known to be stored ("" for none); null when it is not known. */
    private synchronized String knownNote(String stored) {
        return known == null ? null : known.get(stored);
    }

    private synchronized void remember(String stored, String noteHead) {
        if (known != null && cacheSize > 0) {
            known.put(stored, noteHead);
        }
    }

    private synchronized void forget(String stored) {
        if (known != null) {
            known.remove(stored);
        }
    }

    private RuntimeCamelException failure(String what, String key, SQLException e) {
        return new RuntimeCamelException("Cannot " + what + " delivered-record key '" + IcsocException.excerpt(key)
                                         + "' in the table " + getTableName() + ": " + e.getMessage(), e);
    }

    public String getRepositoryName() {
        return repositoryName;
    }

    /** Keeps the keys of several consumers apart in one table (default icsoc); up to 100 characters. */
    public void setRepositoryName(String repositoryName) {
        this.repositoryName = repositoryName;
    }

    public int getCacheSize() {
        return cacheSize;
    }

    /** How many keys known to be delivered are kept in memory (default 100,000; 0 for none). */
    public void setCacheSize(int cacheSize) {
        this.cacheSize = cacheSize;
    }

    public boolean isFlushEachKey() {
        return flushEachKey;
    }

    /**
     * Whether each key's commit waits for the database to flush it to disk (default false). On PostgreSQL a key is
     * committed with synchronous_commit off unless this is set: a process killed at any moment loses nothing the
     * database acknowledged, and only a crash of the database server itself can lose the keys of its last fraction
     * of a second (wal_writer_delay), whose records then come again. No record is lost that way: the watermark, written
     * after its window's keys, always waits for the flush, which flushes those keys with it. MySQL and MariaDB follow
     * the server's innodb_flush_log_at_trx_commit either way.
     */
    public void setFlushEachKey(boolean flushEachKey) {
        this.flushEachKey = flushEachKey;
    }

    public Duration getRetention() {
        return retention;
    }

    /** How long keys are kept, back from the newest one (default 7 days; zero keeps them forever). */
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    @Override
    public String toString() {
        return "JdbcIdempotentRepository[" + getTableName() + ", " + repositoryName + "]";
    }
}

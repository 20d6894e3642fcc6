package io.github.camelicsoc.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

import io.github.camelicsoc.jdbc.JdbcDialect.Placements;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.outcome.PlacementStore;
import org.apache.camel.RuntimeCamelException;

/**
 * A {@link PlacementStore} in a database table ({@code icsoc_placement} by default), beside the records store's
 * tables: a call placed on one node is matched by the records consumer of another, and after a restart.
 * <p>
 * One row per call id. {@link #claim} and {@link #timeOut} are each one conditional UPDATE ({@code ... WHERE call_id
 * = ? AND state = 'open'}), true only when it changed the row: the database lets exactly one of several nodes (or
 * threads) change it, which is what makes a placement's outcome exactly-once across a cluster. The placement time is
 * stored as the platform's wall clock (UTC+08:00) without a zone, so no JVM's or database's time zone enters. Carried
 * headers are stored as one text of {@code name=value} pairs joined by {@code &} (those three characters
 * percent-escaped), at most 10,000 characters: what icsoc:call lets a call carry, escaped. A placement whose fields
 * do not fit the columns is refused, not cut. Reads are bounded: a search by numbers returns at most
 * {@value #MAX_BY_NUMBERS} placements, pruning deletes in batches of {@value #PRUNE_BATCH}. Every statement has the
 * query timeout and the network timeout of the records store. Unless started, the store starts itself (creating its
 * table when missing) on its first use.
 */
public class JdbcPlacementStore extends JdbcRepositorySupport implements PlacementStore {

    /** The most placements a search by numbers reads; two already make a record ambiguous. */
    static final int MAX_BY_NUMBERS = 100;
    /** How many placements one pruning statement deletes, so that no statement holds many row locks for long. */
    static final int PRUNE_BATCH = 1000;

    /** {@link #PRUNE_BATCH}, smaller in tests. */
    int pruneBatch = PRUNE_BATCH;

    public JdbcPlacementStore() {
        this(null);
    }

    public JdbcPlacementStore(DataSource dataSource) {
        super(JdbcDialect.PLACEMENT_TABLE, dataSource);
    }

    @Override
    public void remember(Placement placement) {
        ready();
        check("call id", placement.callId(), JdbcDialect.MAX_CALL_ID);
        check("correlation key", placement.correlationKey(), JdbcDialect.MAX_CORRELATION_KEY);
        check("caller", placement.caller(), JdbcDialect.MAX_NUMBER);
        check("called", placement.called(), JdbcDialect.MAX_NUMBER);
        check("display caller", placement.displayCaller(), JdbcDialect.MAX_NUMBER);
        check("display called", placement.displayCalled(), JdbcDialect.MAX_NUMBER);
        check("mode", placement.mode(), JdbcDialect.MAX_MODE);
        String carried = CarriedHeaders.write(placement.carriedHeaders());
        if (carried.length() > JdbcDialect.MAX_CARRIED_HEADERS) {
            throw new IllegalArgumentException("The carried headers of call " + placement.callId() + " take "
                                               + carried.length() + " characters stored, more than the "
                                               + JdbcDialect.MAX_CARRIED_HEADERS + " the placements table holds");
        }
        try {
            onStatement(sql().upsertPlacement(getTableName()), s -> {
                s.setString(1, placement.callId());
                s.setString(2, placement.correlationKey());
                s.setString(3, carried);
                s.setString(4, placement.caller());
                s.setString(5, placement.called());
                setNullable(s, 6, placement.mode());
                setNullable(s, 7, placement.displayCaller());
                setNullable(s, 8, placement.displayCalled());
                s.setObject(9, placement.placedAt());
                s.setLong(10, placement.ringTimeout().toMillis());
                s.setObject(11, LocalDateTime.now(ZoneOffset.UTC));
                return s.executeUpdate();
            });
        } catch (SQLException e) {
            throw failure("remember", placement.callId(), e);
        }
    }

    @Override
    public Optional<Placement> byCallId(String callId) {
        ready();
        try {
            return onStatement(Placements.byCallId(getTableName()), s -> {
                s.setString(1, callId);
                List<Placement> found = read(s, 1);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            });
        } catch (SQLException e) {
            throw failure("read", callId, e);
        }
    }

    @Override
    public List<Placement> byNumbers(String caller, String called, LocalDateTime from, LocalDateTime to) {
        ready();
        try {
            return onStatement(Placements.byNumbers(getTableName()), s -> {
                s.setString(1, caller);
                s.setString(2, called);
                s.setObject(3, from);
                s.setObject(4, to);
                s.setInt(5, MAX_BY_NUMBERS);
                return read(s, MAX_BY_NUMBERS);
            });
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the placements from " + caller + " to " + called
                                            + " in the table " + getTableName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Placement> placedBetween(LocalDateTime from, LocalDateTime to, int limit) {
        ready();
        if (limit < 1) {
            return List.of();
        }
        try {
            return onStatement(Placements.placedBetween(getTableName()), s -> {
                s.setObject(1, from);
                s.setObject(2, to);
                s.setInt(3, limit);
                return read(s, limit);
            });
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the placements placed from " + from + " to " + to
                                            + " in the table " + getTableName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean claim(String callId) {
        return claim(callId, null);
    }

    /**
     * The conditional UPDATE of {@link #claim(String, String)} for each placement, sent as one batch in one
     * transaction: one round trip for a window's matches. A driver that does not report each statement's count (a
     * rewritten batch) is answered by reading back who claimed each placement.
     */
    @Override
    public Set<String> claimAll(Map<String, String> identities) {
        ready();
        List<String> callIds = new ArrayList<>();
        identities.forEach((callId, identity) -> {
            check("record identity", identity, JdbcDialect.MAX_RECORD_IDENTITY);
            if (isCallId(callId)) {
                callIds.add(callId);
            }
        });
        if (callIds.isEmpty()) {
            return Set.of();
        }
        // rows locked in one order by every node: two nodes claiming the same placements wait, never deadlock
        callIds.sort(null);
        int[] counts;
        try {
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            counts = inTransaction(c -> onStatement(c, Placements.claim(getTableName()), s -> {
                for (String callId : callIds) {
                    setNullable(s, 1, identities.get(callId));
                    s.setObject(2, now);
                    s.setString(3, callId);
                    s.addBatch();
                }
                return s.executeBatch();
            }));
        } catch (SQLException e) {
            throw failure("claim", callIds.get(0), e);
        }
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < callIds.size(); i++) {
            String callId = callIds.get(i);
            int count = i < counts.length ? counts[i] : Statement.SUCCESS_NO_INFO;
            if (count == 1 || count == Statement.SUCCESS_NO_INFO
                              && claimedBy(callId).filter(by -> by.equals(identities.get(callId))).isPresent()) {
                claimed.add(callId);
            }
        }
        return claimed;
    }

    /**
     * Marks the placement matched by the record {@code recordIdentity} (kept, up to 255 characters, for
     * {@link #claimedBy}); one conditional UPDATE, true only for the one caller, of any node, whose UPDATE changed it.
     */
    @Override
    public boolean claim(String callId, String recordIdentity) {
        ready();
        check("record identity", recordIdentity, JdbcDialect.MAX_RECORD_IDENTITY);
        if (!isCallId(callId)) {
            return false;
        }
        try {
            return onStatement(Placements.claim(getTableName()), s -> {
                setNullable(s, 1, recordIdentity);
                s.setObject(2, LocalDateTime.now(ZoneOffset.UTC));
                s.setString(3, callId);
                return s.executeUpdate() == 1;
            });
        } catch (SQLException e) {
            throw failure("claim", callId, e);
        }
    }

    @Override
    public boolean timeOut(String callId) {
        ready();
        if (!isCallId(callId)) {
            return false;
        }
        try {
            return onStatement(Placements.timeOut(getTableName()), s -> {
                s.setObject(1, LocalDateTime.now(ZoneOffset.UTC));
                s.setString(2, callId);
                return s.executeUpdate() == 1;
            });
        } catch (SQLException e) {
            throw failure("time out", callId, e);
        }
    }

    @Override
    public boolean isMatched(String callId) {
        return Placements.MATCHED.equals(state(callId)[0]);
    }

    /** The identity of the record that claimed the placement; empty when it is not matched or none was given. */
    @Override
    public Optional<String> claimedBy(String callId) {
        String[] state = state(callId);
        return Placements.MATCHED.equals(state[0]) ? Optional.ofNullable(state[1]) : Optional.empty();
    }

    /** The placement's state and claimant; nulls when there is no such placement. */
    private String[] state(String callId) {
        ready();
        if (!isCallId(callId)) {
            return new String[2];
        }
        try {
            return onStatement(Placements.state(getTableName()), s -> {
                s.setString(1, callId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new String[] { rs.getString(1), rs.getString(2) } : new String[2];
                }
            });
        } catch (SQLException e) {
            throw failure("read the state of", callId, e);
        }
    }

    /**
     * Starts the store on its first use when nobody started it: the component hands it out unstarted, so that creating
     * its table (the database's first answer) happens on the thread that writes a placement, which the call's own
     * deadline bounds, or on a records poll; never on a route's thread. A start that failed is tried again on the
     * next use.
     */
    private void ready() {
        if (!isStarted()) {
            try {
                start();
            } catch (RuntimeException e) {
                // the records consumer and icsoc:call use this store with recordsStore=jdbc: say which table and why
                throw new RuntimeCamelException("Cannot open the call placements table " + getTableName() + " of"
                        + " recordsStore=jdbc: " + rootMessage(e) + ". What to do: let the database user create it"
                        + " (CREATE on its schema), or create it beforehand from io/github/camelicsoc/sql/<dialect>.sql"
                        + " in the camel-icsoc jar, with the records store's tables.", e);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** Whether the text can be a stored call id at all; a longer one was never remembered. */
    private static boolean isCallId(String callId) {
        return callId != null && callId.length() <= JdbcDialect.MAX_CALL_ID;
    }

    /**
     * Whether the table holds no placement at all (open, matched or timed out), for any node: one indexed read, cheap
     * enough for the records consumer to ask once per poll and skip matching when nothing was placed.
     */
    @Override
    public boolean isEmpty() {
        ready();
        try {
            return onStatement(Placements.any(getTableName()), s -> {
                try (ResultSet rs = s.executeQuery()) {
                    return !rs.next();
                }
            });
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the table " + getTableName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Placement> openPlacedBefore(LocalDateTime placedBefore, int limit) {
        ready();
        if (limit < 1) {
            return List.of();
        }
        try {
            return onStatement(Placements.openPlacedBefore(getTableName()), s -> {
                s.setObject(1, placedBefore);
                s.setInt(2, limit);
                return read(s, limit);
            });
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot read the open placements in the table " + getTableName() + ": "
                                            + e.getMessage(), e);
        }
    }

    @Override
    public int prune(LocalDateTime placedBefore) {
        ready();
        int total = 0;
        try {
            while (true) {
                int deleted = onStatement(sql().deleteOldestPlacements(getTableName()), s -> {
                    s.setObject(1, placedBefore);
                    s.setInt(2, pruneBatch);
                    return s.executeUpdate();
                });
                total += deleted;
                if (deleted < pruneBatch) {
                    return total;
                }
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot delete the placements placed before " + placedBefore
                                            + " from the table " + getTableName() + " (" + total + " deleted): "
                                            + e.getMessage(), e);
        }
    }

    /** Remembers a placement as wide as every column holds, reads it back, claims it and deletes it again. */
    @Override
    public void checkWritable() {
        String probe = "icsoc-store-check:" + UUID.randomUUID();
        String callId = probe + ".".repeat(JdbcDialect.MAX_CALL_ID - probe.length());
        String number = "9".repeat(JdbcDialect.MAX_NUMBER);
        Map<String, String> carried = Map.of("check", "=".repeat((JdbcDialect.MAX_CARRIED_HEADERS - 6) / 3));
        Placement wide = new Placement("k".repeat(JdbcDialect.MAX_CORRELATION_KEY), carried, callId, number, number,
                "m".repeat(JdbcDialect.MAX_MODE), number, number, LocalDateTime.of(1970, 1, 1, 8, 0),
                Duration.ofSeconds(1));
        remember(wide);
        String identity = "i".repeat(JdbcDialect.MAX_RECORD_IDENTITY);
        boolean same = byCallId(callId).filter(wide::equals).isPresent() && claim(callId, identity)
                       && claimedBy(callId).filter(identity::equals).isPresent();
        try {
            onStatement(Placements.delete(getTableName()), s -> {
                s.setString(1, callId);
                return s.executeUpdate();
            });
        } catch (SQLException e) {
            throw failure("delete", callId, e);
        }
        if (!same) {
            throw new RuntimeCamelException("The table " + getTableName() + " gave back another placement than it"
                                            + " was given (columns narrower than the shipped DDL?)");
        }
    }

    private static List<Placement> read(PreparedStatement s, int max) throws SQLException {
        List<Placement> found = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (found.size() < max && rs.next()) {
                found.add(new Placement(rs.getString("correlation_key"),
                        CarriedHeaders.read(rs.getString("carried_headers")), rs.getString("call_id"),
                        rs.getString("caller"), rs.getString("called"), rs.getString("call_mode"),
                        rs.getString("display_caller"), rs.getString("display_called"),
                        rs.getObject("placed_at", LocalDateTime.class),
                        Duration.ofMillis(rs.getLong("ring_timeout_ms"))));
            }
        }
        return found;
    }

    private static void setNullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    private static void check(String what, String text, int max) {
        if (text != null && text.length() > max) {
            throw new IllegalArgumentException("A placement's " + what + " holds at most " + max
                                               + " characters in the placements table, not " + text.length() + ": '"
                                               + IcsocException.excerpt(text) + "'");
        }
    }

    private RuntimeCamelException failure(String what, String callId, SQLException e) {
        return new RuntimeCamelException("Cannot " + what + " the placement of call '" + IcsocException.excerpt(callId)
                                         + "' in the table " + getTableName() + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "JdbcPlacementStore[" + getTableName() + "]";
    }
}

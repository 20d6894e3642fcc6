package io.github.camelicsoc.records;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.model.CallOutcome;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.outcome.PlacementMatcher;
import io.github.camelicsoc.outcome.PlacementMatcher.AlreadyMatched;
import io.github.camelicsoc.outcome.PlacementMatcher.Ambiguous;
import io.github.camelicsoc.outcome.PlacementMatcher.Late;
import io.github.camelicsoc.outcome.PlacementMatcher.Match;
import io.github.camelicsoc.outcome.PlacementMatcher.Matched;
import io.github.camelicsoc.outcome.PlacementStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the records a consumer delivers to the calls placed through the component, and with the outcomes option gives
 * each placed call exactly one outcome: its record, or, when none came in time, a {@link CallOutcome} saying so.
 * <p>
 * A record is matched before its exchange is created; the placement is claimed then, so an exchange that fails leaves
 * the record unmarked and its retry finds the placement already matched, with the same key. A timed-out outcome is
 * delivered first and the placement closed only once its exchange succeeded: a kill between the two repeats that one
 * outcome, never loses it.
 */
final class RecordOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(RecordOutcomes.class);

    /** How far a record's start may be from its placement's window, both ways: the two clocks' skew. */
    static final Duration SKEW = Duration.ofMinutes(1);
    /** The longest ring timeout a call may have, which bounds a match's query. */
    static final Duration MAX_RING = Duration.ofHours(1);
    /** The most timed-out outcomes one poll delivers; the rest follow in the next polls. */
    static final int TIMED_OUT_PER_POLL = 1000;
    /** From how many new records on a window's placements are read in one query. */
    static final int KNOWN_FROM = 16;
    /** The most placements read for a window, per new record in it: past it, a query per record costs less. */
    static final int KNOWN_PER_RECORD = 32;
    /** The most placements read for one window, whatever its records. */
    static final int MAX_KNOWN = 20_000;
    /** How often placements past their expiry are pruned, at most. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    /** What a record is, for its exchange. */
    record Tie(Placement placement, String outcome, boolean passOver) {
        static final Tie NONE = new Tie(null, null, false);
        static final Tie PASS_OVER = new Tie(null, null, true);

        void setHeaders(Message message) {
            if (placement != null) {
                setPlacementHeaders(message, placement, outcome);
            }
        }
    }

    private final OutcomeSettings settings;
    private final PlacementStore store;
    private final PlacementMatcher matcher;
    private final Clock clock;
    private final Duration timeout;
    private boolean active;
    private PlacementMatcher.Known known;
    private LocalDateTime prunedAt;

    final LongAdder matched = new LongAdder();
    final LongAdder ambiguous = new LongAdder();
    final LongAdder unmatched = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder late = new LongAdder();

    RecordOutcomes(OutcomeSettings settings, long lookback, Clock clock) {
        this.settings = settings;
        this.store = settings.store();
        this.clock = clock;
        this.matcher = new PlacementMatcher(store, SKEW, MAX_RING, clock);
        // by default until the record can no longer be read: a start up to the skew past the ring timeout, then the
        // lookback behind the watermark
        this.timeout = settings.outcomeTimeout() > 0 ? Duration.ofMillis(settings.outcomeTimeout())
                : Duration.ofMillis(lookback).plus(SKEW);
    }

    boolean outcomesOnly() {
        return settings.outcomesOnly();
    }

    /**
     * Once per poll, before its records are delivered: prunes placements past their expiry (at most once a minute, or
     * once per expiry when that is shorter) and
     * notes whether any placement is remembered at all; when none is, records are not matched.
     */
    void beforeDelivery() {
        LocalDateTime now = PlatformTime.now(clock);
        Duration expiry = Duration.ofMillis(settings.placementExpiry());
        if (prunedAt == null || !now.isBefore(prunedAt.plus(expiry.compareTo(PRUNE_EVERY) < 0 ? expiry : PRUNE_EVERY))) {
            prunedAt = now;
            int pruned = store.prune(now.minus(expiry));
            if (pruned > 0) {
                LOG.debug("Pruned {} placements placed more than {} ms ago", pruned, settings.placementExpiry());
            }
        }
        active = !store.isEmpty();
    }

    /**
     * Before a window's new records are tied: when they are many ({@value #KNOWN_FROM} or more), the placements that
     * can own them are read in one query (at most {@value #KNOWN_PER_RECORD} a record), so that each record is
     * matched in memory instead of with a query of its own.
     */
    void beforeWindow(RecordWindows.Window window, int fresh) {
        known = null;
        if (active && fresh >= KNOWN_FROM) {
            try {
                known = matcher.known(window.start(), window.end(), Math.min(MAX_KNOWN, fresh * KNOWN_PER_RECORD));
            } catch (RuntimeException e) {
                // each record asks the store then, and waits if it still cannot be read
                LOG.debug("icsoc:records: cannot read the placements of the window from {}: {}", window.start(),
                        e.getMessage());
            }
        }
    }

    /** Whether this poll matches records at all (some placement is remembered). */
    boolean matching() {
        return active;
    }

    /** After a window's records: its placements are let go. */
    void afterWindow() {
        known = null;
    }

    /**
     * What {@code record} is: a placed call's (its key and carried headers go on the exchange), or not; with the
     * outcomes option, a record that is no placed call's is passed over.
     *
     * @throws RuntimeException when the store cannot be read: the record then waits, as a refused one does
     */
    Tie tie(RecordType type, CallRecord record) {
        if (!active) {
            return settings.outcomesOnly() ? Tie.PASS_OVER : Tie.NONE;
        }
        return tieAll(type, List.of(record)).get(0);
    }

    /**
     * What each of {@code records} is, in order, their placements claimed together (one round trip to a database
     * store); only while this poll is {@link #matching}. A placement claimed for a record that then is not delivered
     * stays its own: when the record comes again, it finds it matched, with the same key.
     *
     * @throws RuntimeException when the store cannot be read: the records then wait, as refused ones do
     */
    List<Tie> tieAll(RecordType type, List<CallRecord> records) {
        List<Match> found = new ArrayList<>(records.size());
        for (CallRecord record : records) {
            found.add(find(type, record));
        }
        List<Match> settled = matcher.settle(found);
        List<Tie> ties = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ties.add(tieOf(settled.get(i), records.get(i)));
        }
        return ties;
    }

    private Match find(RecordType type, CallRecord record) {
        String callId = record.callId();
        if (type == RecordType.INBOUND) {
            // an inbound record can only be tied by the call id it carries
            return callId == null || callId.isEmpty() ? new PlacementMatcher.Unmatched()
                    : matcher.find(callId, record.caller(), record.called(), null, null);
        }
        if (record.startTime() == null && (callId == null || callId.isEmpty())) {
            return new PlacementMatcher.Unmatched();
        }
        return matcher.find(callId, record.caller(), record.called(),
                record.startTime() == null ? null : PlatformTime.of(record.startTime()), known);
    }

    private Tie tieOf(Match match, CallRecord record) {
        if (match instanceof Matched m) {
            matched.increment();
            return new Tie(m.placement(), CallOutcome.RECORD, false);
        }
        if (match instanceof AlreadyMatched m) {
            return new Tie(m.placement(), CallOutcome.RECORD, false);
        }
        if (match instanceof Late m) {
            late.increment();
            LOG.info("icsoc:records: the record of call {} (correlation key {}) came after its TIMED_OUT outcome;"
                     + " delivered as LATE_RECORD", m.placement().callId(), m.placement().correlationKey());
            return new Tie(m.placement(), CallOutcome.LATE_RECORD, false);
        }
        if (match instanceof Ambiguous a) {
            ambiguous.increment();
            // the numbers stay out of the log: they are the customer's
            LOG.warn("icsoc:records: a record started {} could be the record of {} placed calls; delivered without a"
                     + " correlation key rather than with the wrong one", record.startTime(),
                    a.candidates() == 1 ? "another record's already matched" : a.candidates());
        } else {
            unmatched.increment();
        }
        return settings.outcomesOnly() ? Tie.PASS_OVER : Tie.NONE;
    }

    /**
     * With the outcomes option, after a poll's records: delivers a TIMED_OUT outcome for each open placement whose
     * record has not come by {@code watermark} (the time up to which records were read), past its ring timeout plus
     * the outcome timeout; closes each placement once its exchange succeeded. Returns how many were
     * delivered.
     *
     * @param deliver runs one exchange through the route; true when it succeeded
     */
    int deliverTimedOut(LocalDateTime watermark, ExchangeFactory exchanges, ExchangeRunner deliver) {
        if (!settings.outcomesOnly() || watermark == null || store.isEmpty()) {
            return 0;
        }
        List<Placement> due = matcher.timedOut(watermark, timeout, TIMED_OUT_PER_POLL);
        int delivered = 0;
        for (Placement p : due) {
            Exchange exchange = exchanges.create();
            exchange.getIn().setBody(outcomeOf(p));
            setPlacementHeaders(exchange.getIn(), p, CallOutcome.TIMED_OUT);
            if (!deliver.run(exchange)) {
                // closed only once delivered: the next poll offers it again
                return delivered;
            }
            delivered++;
            timedOut.increment();
            if (!store.timeOut(p.callId())) {
                // a record claimed it meanwhile (another node's consumer), or it was pruned: both outcomes went out
                LOG.info("icsoc:records: call {} (correlation key {}) got a TIMED_OUT outcome while its record was"
                         + " being matched elsewhere", p.callId(), p.correlationKey());
            }
        }
        return delivered;
    }

    @FunctionalInterface
    interface ExchangeFactory {
        Exchange create();
    }

    @FunctionalInterface
    interface ExchangeRunner {
        boolean run(Exchange exchange);
    }

    private static CallOutcome outcomeOf(Placement p) {
        return new CallOutcome(CallOutcome.TIMED_OUT, p.correlationKey(), p.carriedHeaders(), p.callId(), p.caller(),
                p.called(), p.mode(), p.displayCaller(), p.displayCalled(), PlatformTime.atZone(p.placedAt()),
                p.ringTimeout().toSeconds());
    }

    private static void setPlacementHeaders(Message message, Placement p, String outcome) {
        // the carried headers first, so that none of them can stand in for the component's own
        p.carriedHeaders().forEach(message::setHeader);
        message.setHeader(RecordsHeaders.CORRELATION_KEY, p.correlationKey());
        message.setHeader(RecordsHeaders.PLACED_CALL_ID, p.callId());
        message.setHeader(RecordsHeaders.OUTCOME, outcome);
    }
}

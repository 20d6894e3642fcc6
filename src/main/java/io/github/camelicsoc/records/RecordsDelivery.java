package io.github.camelicsoc.records;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.records.RecordWindows.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * Delivers one poll's new records, window after window, and moves the watermark past each window whose records all
 * went through (or, with {@code batch}, past all of them once the one exchange succeeded). A record is marked
 * delivered only once its exchange succeeded, so that the next poll, which asks for the same window again, offers a
 * failed record again.
 */
final class RecordsDelivery {

    private final RecordsConsumer consumer;
    private final boolean batchMode;
    private final int limit;
    private final List<CallRecord> batch = new ArrayList<>();
    private final List<FreshRecord> batchRecords = new ArrayList<>();
    /** Records held until their placements are claimed together, at most {@link #TIE_AHEAD}. */
    private final List<FreshRecord> held = new ArrayList<>();
    private int count;
    private int size;
    private boolean stopped;
    private int refusedThisPoll;
    private String firstRefused;
    private int unreadableThisPoll;
    private String firstUnreadable;

    /**
     * How many records are held to claim their placements in one go when matching: one database round trip for all
     * of them. Most records of a busy platform are no placed call's, so a round trip carries about as many claims as
     * calls placed through the component. Held records are parsed records, as the
     * {@value RecordsPoll#RECORDS_KEPT_IN_MEMORY} a poll keeps are.
     */
    static final int TIE_AHEAD = 500;

    RecordsDelivery(RecordsConsumer consumer, boolean batchMode, int limit) {
        this.consumer = consumer;
        this.batchMode = batchMode;
        this.limit = limit;
    }

    /** Delivers the new records of {@code reads}; returns how many were offered. */
    int deliver(List<WindowRead> reads, LocalDateTime stored) {
        size = Math.min(reads.stream().mapToInt(read -> read.fresh).sum(), limit);
        LocalDateTime reached = stored;
        boolean unbroken = true;
        for (WindowRead read : reads) {
            if (!stopped && read.fresh > 0) {
                consumer.outcomes().beforeWindow(read.window, read.fresh);
                FreshRecords.of(read, consumer.type()).offer(read, this::offer);
                offerHeld();
                consumer.outcomes().afterWindow();
            }
            unbroken &= read.done();
            if (unbroken) {
                reached = RecordWindows.watermarkAfter(reached, read.window);
                if (!batchMode && !reached.equals(stored)) {
                    consumer.storeWatermark(reached);
                }
            }
        }
        if (batchMode && !batch.isEmpty() && !flushBatch()) {
            reached = stored;
        }
        if (batchMode && reached != null && !reached.equals(stored)) {
            consumer.storeWatermark(reached);
        }
        // the marks of records of windows that did not move the watermark: the next poll must see them
        consumer.writeMarks();
        consumer.pendingExchanges(0);
        consumer.report(unreadableThisPoll, firstUnreadable, refusedThisPoll, firstRefused);
        return count;
    }

    /**
     * Offers one record; false once the poll stops offering. While records are matched to placements, readable ones
     * are held (no more than the poll may still deliver: none is claimed past its limit) and offered together, their
     * placements claimed at once.
     */
    private boolean offer(FreshRecord fresh) {
        if (!batchMode && fresh.record() != null && consumer.outcomes().matching() && count + held.size() < limit) {
            held.add(fresh);
            if (held.size() >= Math.min(TIE_AHEAD, limit - count)) {
                offerHeld();
            }
            return !stopped;
        }
        // in answer order: the held records first
        offerHeld();
        return offer(fresh, () -> consumer.outcomes().tie(consumer.type(), fresh.record()));
    }

    private void offerHeld() {
        if (held.isEmpty()) {
            return;
        }
        List<RecordOutcomes.Tie> ties = null;
        RuntimeException failure = null;
        try {
            ties = consumer.outcomes().tieAll(consumer.type(), held.stream().map(FreshRecord::record).toList());
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = 0; i < held.size(); i++) {
            RecordOutcomes.Tie tie = ties == null ? null : ties.get(i);
            RuntimeException cannotMatch = failure;
            offer(held.get(i), () -> {
                if (cannotMatch != null) {
                    throw cannotMatch;
                }
                return tie;
            });
        }
        held.clear();
    }

    private boolean offer(FreshRecord fresh, Supplier<RecordOutcomes.Tie> tied) {
        Outcome outcome = deliver(fresh, tied);
        if (outcome != Outcome.NOT_OFFERED) {
            fresh.read().offered++;
        }
        fresh.read().holdsWatermark |= outcome.holdsWatermark();
        return !stopped;
    }

    /** @param tied what the record is (asked only when it is delivered): found now, or with the records held */
    private Outcome deliver(FreshRecord fresh, Supplier<RecordOutcomes.Tie> tied) {
        if (count >= limit || !consumer.isBatchAllowed()) {
            // the poll's limit is reached, or the route is shutting down: the rest waits for the next poll
            stopped = true;
            return Outcome.NOT_OFFERED;
        }
        int index = count++;
        consumer.pendingExchanges(Math.max(0, size - count));
        if (fresh.version() > 1) {
            consumer.newerVersion(fresh);
        }
        if (fresh.record() == null) {
            return unreadable(fresh, index);
        }
        if (batchMode) {
            batch.add(fresh.record());
            batchRecords.add(fresh);
            return Outcome.DELIVERED;
        }
        RecordOutcomes.Tie tie;
        try {
            tie = tied.get();
        } catch (RuntimeException e) {
            // the placements store cannot be read: the record waits, rather than go out without its key
            consumer.matchFailed(fresh, e);
            consumer.refused(1);
            if (refusedThisPoll++ == 0) {
                firstRefused = fresh.key();
            }
            return Outcome.REFUSED;
        }
        if (tie.passOver()) {
            // outcomes only: a record of no placed call is marked, so that it is not read as new again
            consumer.delivered(fresh, 0);
            return Outcome.DELIVERED;
        }
        Exchange exchange = consumer.exchangeToDeliver();
        exchange.getIn().setBody(fresh.record());
        setHeaders(exchange, fresh, fresh.record().callId());
        tie.setHeaders(exchange.getIn());
        setBatchProperties(exchange, index, size);
        if (consumer.processOnce(exchange)) {
            consumer.delivered(fresh, 1);
            return Outcome.DELIVERED;
        }
        consumer.refused(1);
        if (refusedThisPoll++ == 0) {
            firstRefused = fresh.key();
        }
        return Outcome.REFUSED;
    }

    /**
     * A record that cannot be read goes to the route's error handler with its raw text, once per poll. It does not
     * hold the watermark: asking again cannot make it readable. Handled by the route (a dead letter channel), it is
     * remembered and not reported again.
     */
    private Outcome unreadable(FreshRecord fresh, int index) {
        Exchange exchange = consumer.exchangeToDeliver();
        exchange.getIn().setBody(fresh.raw());
        setHeaders(exchange, fresh, null);
        setBatchProperties(exchange, index, size);
        exchange.setException(IcsocException.badRecord(consumer.operation(), fresh.problem(), fresh.raw()));
        exchange.getExchangeExtension().setRedeliveryExhausted(true);
        if (consumer.processOnce(exchange)) {
            consumer.delivered(fresh, 0);
        }
        if (unreadableThisPoll++ == 0) {
            firstUnreadable = fresh.key() + ": " + fresh.problem();
        }
        consumer.unreadable(firstUnreadable);
        return Outcome.UNREADABLE;
    }

    private boolean flushBatch() {
        Exchange exchange = consumer.exchangeToDeliver();
        exchange.getIn().setBody(List.copyOf(batch));
        exchange.getIn().setHeader(RecordsHeaders.RECORD_TYPE, consumer.type().code());
        setBatchProperties(exchange, 0, 1);
        boolean ok = consumer.processOnce(exchange);
        if (ok) {
            batchRecords.forEach(fresh -> consumer.delivered(fresh, 0));
            consumer.deliveredCount(batch.size());
        } else {
            consumer.refused(batch.size());
            refusedThisPoll += batch.size();
            firstRefused = batchRecords.get(0).key();
        }
        return ok;
    }

    private void setHeaders(Exchange exchange, FreshRecord fresh, String callId) {
        exchange.getIn().setHeader(RecordsHeaders.RECORD_TYPE, consumer.type().code());
        exchange.getIn().setHeader(RecordsHeaders.RECORD_KEY, fresh.key());
        if (callId != null) {
            exchange.getIn().setHeader(RecordsHeaders.CALL_ID, callId);
        }
        if (fresh.version() > 1) {
            exchange.getIn().setHeader(RecordsHeaders.RECORD_VERSION, fresh.version());
            String changed = consumer.changedFields(fresh);
            if (changed != null) {
                exchange.getIn().setHeader(RecordsHeaders.RECORD_CHANGED_FIELDS, changed);
            }
        }
    }

    private static void setBatchProperties(Exchange exchange, int index, int size) {
        exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
        exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, size);
        exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == size - 1);
    }
}

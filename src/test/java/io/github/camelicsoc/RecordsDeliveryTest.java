package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.sim.RecordQuery;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * icsoc:records delivers every call record of its type once, as a CallRecord with its headers.
 */
class RecordsDeliveryTest extends RecordsTestSupport {

    @Test
    void aPlacedCallBecomesATwoWayRecord() throws Exception {
        template.requestBody("icsoc:call?caller=13800138000&called=13900139000", (Object) null);
        consume("icsoc:records?type=800&" + FAST);

        await("the call record", 10, () -> records().getReceivedCounter() == 1);
        Exchange e = records().getReceivedExchanges().get(0);
        CallRecord r = e.getIn().getBody(CallRecord.class);
        assertEquals(RecordType.TWO_WAY, r.type());
        assertEquals("out", r.direction());
        assertEquals("13800138000", r.caller());
        assertEquals("13900139000", r.called());
        assertTrue(r.connected());
        assertNotNull(r.answerTime());
        assertTrue(r.recordingUrl().endsWith(".mp3"));
        assertEquals(ZoneOffset.ofHours(8), r.startTime().getOffset());
        assertEquals("800", e.getIn().getHeader(IcsocConstants.RECORD_TYPE));
        assertTrue(key(e).startsWith("800:#"), "no call id in 800 records, so a hash: " + key(e));
        assertNull(e.getIn().getHeader(IcsocConstants.CALL_ID));
        assertEquals("out", r.fields().get("out"));
    }

    @Test
    void anUnansweredCallHasNoAnswerTimeAndIsNotConnected() throws Exception {
        sim.noAnswerFrom("13900139000");
        template.requestBody("icsoc:call?caller=13800138000&called=13900139000", (Object) null);
        consume("icsoc:records?type=800&" + FAST);

        await("the call record", 10, () -> records().getReceivedCounter() == 1);
        CallRecord r = delivered().get(0);
        assertFalse(r.connected());
        assertNull(r.answerTime());
        assertNull(r.recordingUrl());
        assertEquals("未接通", r.resultText());
    }

    @Test
    void inboundRecordsCarryTheirCallId() throws Exception {
        sim.addInboundRecords(3, platformNow().minusMinutes(30), Duration.ofMinutes(10));
        consume("icsoc:records?type=400&" + FAST);

        await("three records", 10, () -> records().getReceivedCounter() == 3);
        Exchange e = records().getReceivedExchanges().get(0);
        CallRecord r = e.getIn().getBody(CallRecord.class);
        assertEquals(RecordType.INBOUND, r.type());
        assertEquals("in", r.direction());
        assertEquals(r.callId(), e.getIn().getHeader(IcsocConstants.CALL_ID));
        assertEquals("400:" + r.callId(), key(e));
    }

    @Test
    void overlappingWindowsDeliverEachRecordOnce() throws Exception {
        sim.addInboundRecords(50, platformNow().minusMinutes(50), Duration.ofMinutes(45));
        consume("icsoc:records?type=400&lookback=1h&startTime=1h&" + FAST);

        await("all fifty", 10, () -> records().getReceivedCounter() == 50);
        int before = queriesSoFar();
        await("three more polls over the same hour", 10, () -> queriesSoFar() >= before + 6);
        assertEquals(50, records().getReceivedCounter());
        assertEquals(50, deliveriesPerKey().size());
    }

    @Test
    void aLateRecordIsPickedUpByALaterPoll() throws Exception {
        sim.callsLast(Duration.ofSeconds(2));
        template.requestBody("icsoc:call?caller=13800138000&called=13900139000", (Object) null);
        consume("icsoc:records?type=800&lookback=10m&" + FAST);

        await("a few polls while the call is still running", 5, () -> queriesSoFar() >= 3);
        assertEquals(0, records().getReceivedCounter(), "the call has not ended yet");

        await("the record once the call ended", 10, () -> records().getReceivedCounter() == 1);
        assertEquals(2, delivered().get(0).durationSeconds());
    }

    @Test
    void aLongWindowIsSplitIntoRequestsOfAtMostMaxWindow() throws Exception {
        LocalDateTime start = platformNow().minusHours(6);
        sim.addInboundRecords(60, start.plusMinutes(1), Duration.ofHours(5));
        consume("icsoc:records?type=400&lookback=0&maxWindow=1h&startTime=6h&" + FAST);

        await("all records", 10, () -> records().getReceivedCounter() == 60);
        List<RecordQuery> first = sim.queries().subList(0, 6);
        for (RecordQuery q : first) {
            LocalDateTime from = LocalDateTime.parse(q.startTime().replace(' ', 'T'));
            LocalDateTime to = LocalDateTime.parse(q.endTime().replace(' ', 'T'));
            assertTrue(Duration.between(from, to).compareTo(Duration.ofHours(1)) <= 0, q.toString());
        }
        assertEquals(first.get(0).endTime(), first.get(1).startTime(), "windows join up, sharing their edge second");
    }

    @Test
    void aRecordOnTheEdgeBetweenTwoWindowsIsCountedAndDeliveredOnce() throws Exception {
        LocalDateTime start = platformNow().minusHours(3).withMinute(0).withSecond(0);
        sim.addRecord(io.github.camelicsoc.sim.SimRecord.inbound("13800000001", "", start.plusHours(1), 30, "edge"));
        consume("icsoc:records?type=400&lookback=0&maxWindow=1h&startTime="
                + start.format(io.github.camelicsoc.client.PlatformTime.FORMAT).replace(" ", "%20") + "&" + FAST);

        await("the record", 10, () -> records().getReceivedCounter() == 1);
        int before = queriesSoFar();
        await("another poll", 10, () -> queriesSoFar() > before);
        assertEquals(1, records().getReceivedCounter());
        Exchange e = records().getReceivedExchanges().get(0);
        assertEquals(1, e.getProperty(ExchangePropertyKey.BATCH_SIZE));
        assertEquals(true, e.getProperty(ExchangePropertyKey.BATCH_COMPLETE));
    }

    @Test
    void timesAreSentAndReadInUtcPlus8WhateverTheJvmZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        try {
            LocalDateTime start = platformNow().minusHours(2);
            sim.addInboundRecords(1, start.plusMinutes(5), Duration.ofMinutes(1));
            String startTime = start.atOffset(ZoneOffset.ofHours(8)).toInstant().toString();
            consume("icsoc:records?type=400&lookback=0&startTime=" + startTime + "&" + FAST);

            await("the record", 10, () -> records().getReceivedCounter() == 1);
            assertEquals(start.format(io.github.camelicsoc.client.PlatformTime.FORMAT),
                    sim.queries().get(0).startTime());
            CallRecord r = delivered().get(0);
            assertEquals(start.plusMinutes(5), r.startTime().toLocalDateTime());
            assertEquals(ZoneOffset.ofHours(8), r.startTime().getOffset());
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void batchPropertiesNumberTheRecordsOfAPoll() throws Exception {
        sim.addInboundRecords(5, platformNow().minusMinutes(30), Duration.ofMinutes(10));
        consume("icsoc:records?type=400&" + FAST);

        await("five records", 10, () -> records().getReceivedCounter() == 5);
        List<Exchange> got = records().getReceivedExchanges();
        for (int i = 0; i < 5; i++) {
            assertEquals(i, got.get(i).getProperty(ExchangePropertyKey.BATCH_INDEX));
            assertEquals(5, got.get(i).getProperty(ExchangePropertyKey.BATCH_SIZE));
            assertEquals(i == 4, got.get(i).getProperty(ExchangePropertyKey.BATCH_COMPLETE));
        }
    }

    @Test
    void batchModeDeliversOneListPerPoll() throws Exception {
        sim.addInboundRecords(7, platformNow().minusMinutes(30), Duration.ofMinutes(10));
        consume("icsoc:records?type=400&batch=true&" + FAST);

        await("a batch", 10, () -> records().getReceivedCounter() >= 1);
        await("a few more polls", 10, () -> queriesSoFar() >= 4);
        assertEquals(1, records().getReceivedCounter(), "later polls find nothing new");
        List<?> batch = records().getReceivedExchanges().get(0).getIn().getBody(List.class);
        assertEquals(7, batch.size());
        assertTrue(batch.get(0) instanceof CallRecord);
    }

    @Test
    void maxMessagesPerPollSpreadsABacklogOverPolls() throws Exception {
        sim.addInboundRecords(10, platformNow().minusMinutes(30), Duration.ofMinutes(10));
        consume("icsoc:records?type=400&maxMessagesPerPoll=3&" + FAST);

        await("all ten", 10, () -> records().getReceivedCounter() == 10);
        assertEquals(10, deliveriesPerKey().size());
        Exchange first = records().getReceivedExchanges().get(0);
        assertEquals(3, first.getProperty(ExchangePropertyKey.BATCH_SIZE));
    }

    @Test
    void hundredsOfThousandsOfRecordsAreDeliveredFromOneWindow() throws Exception {
        sim.addInboundRecords(200_000, platformNow().minusMinutes(50), Duration.ofMinutes(40));
        AtomicInteger count = new AtomicInteger();
        Set<String> keys = ConcurrentHashMap.newKeySet();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&lookback=0&startTime=1h&repeatCount=1&" + FAST)
                        .process(e -> {
                            count.incrementAndGet();
                            keys.add(key(e));
                        });
            }
        });

        long started = System.nanoTime();
        await("200,000 records", 120, () -> count.get() == 200_000);
        System.out.println("200,000 records in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertEquals(200_000, keys.size());
        assertEquals(1, sim.queries().size());
    }
}

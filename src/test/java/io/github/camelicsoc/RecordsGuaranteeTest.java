package io.github.camelicsoc;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimFault;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No record is lost and none is delivered twice: the watermark moves only past records the route processed, a
 * failed record is offered again, and a restart resumes from the stored watermark.
 */
class RecordsGuaranteeTest extends RecordsTestSupport {

    @TempDir
    Path dir;

    private RecordsConsumer recordsConsumer() {
        return (RecordsConsumer) context.getRoute("records").getConsumer();
    }

    @Test
    void aFailedExchangeLeavesTheWatermarkAndTheRecordIsOfferedAgain() throws Exception {
        LocalDateTime start = platformNow().minusMinutes(40);
        sim.addInboundRecords(5, start, Duration.ofMinutes(10));
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        List<String> succeeded = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&lookback=0&startTime=1h&" + FAST).routeId("records")
                        .process(e -> {
                            String key = key(e);
                            if (e.getProperty("CamelBatchIndex", Integer.class) == 2 && failedOnce.add(key)) {
                                throw new IllegalStateException("the CRM is down for " + key);
                            }
                            succeeded.add(key);
                        });
            }
        });

        await("one failure", 10, () -> failedOnce.size() == 1);
        LocalDateTime afterFailure = recordsConsumer().getWatermark();
        assertTrue(afterFailure.isBefore(start), "the watermark stayed before the failed record: " + afterFailure);

        await("all five succeeded", 10, () -> succeeded.size() == 5);
        assertEquals(5, Set.copyOf(succeeded).size(), "each record succeeded exactly once");
        assertTrue(succeeded.contains(failedOnce.iterator().next()), "the failed record was offered again");
        await("the watermark moved past the records", 10, () -> recordsConsumer().getWatermark().isAfter(start.plusMinutes(10)));
    }

    @Test
    void aFailingApiLeavesTheWatermarkAndTheNextPollAsksForTheSameWindow() throws Exception {
        sim.addInboundRecords(3, platformNow().minusMinutes(30), Duration.ofMinutes(5));
        sim.failNext(SimFault.HTTP_500, SimFault.MALFORMED_JSON, SimFault.CONNECTION_RESET);
        consume("icsoc:records?type=400&lookback=0&startTime=1h&" + FAST);
        LocalDateTime initial = recordsConsumer().getWatermark();

        await("three failed polls", 10, () -> sim.requestCount() >= 3);
        assertEquals(0, records().getReceivedCounter());

        await("the records", 10, () -> records().getReceivedCounter() == 3);
        List<String> starts = sim.queries().stream().map(q -> q.startTime()).distinct().toList();
        assertEquals(initial.format(io.github.camelicsoc.client.PlatformTime.FORMAT), starts.get(0),
                "every retry asked from the same watermark");
    }

    @Test
    void aMalformedRecordReachesTheErrorHandlerWithItsRawTextAndDoesNotStopThePoll() throws Exception {
        String good1 = "{\"caller\":\"1\",\"called\":\"\",\"in\":\"in\",\"start_time\":\"2026-11-27 08:00:00\","
                       + "\"conn_time\":\"1970-01-01 08:00:00\",\"end_time\":\"2026-11-27 08:01:00\",\"all_secs\":\"60\","
                       + "\"record_file\":null,\"result\":\"未接通\",\"call_id\":\"a1\"}";
        String bad = "{\"caller\":\"2\",\"start_time\":\"yesterday\",\"call_id\":\"a2\"}";
        String good2 = good1.replace("a1", "a3");
        sim.answerNext("{\"code\":200,\"message\":\"ok\",\"data\":[" + good1 + "," + bad + "," + good2 + "]}");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead"));
                from("icsoc:records?type=400&repeatCount=1&startTime=10m&" + FAST).routeId("records")
                        .to("mock:records");
            }
        });

        await("the poll", 10, () -> records().getReceivedCounter() == 2);
        await("the dead letter", 10, () -> getMockEndpoint("mock:dead").getReceivedCounter() == 1);
        var dead = getMockEndpoint("mock:dead").getReceivedExchanges().get(0);
        assertEquals(bad, dead.getIn().getBody(String.class));
        Exception cause = dead.getProperty("CamelExceptionCaught", Exception.class);
        assertTrue(cause instanceof IcsocException, String.valueOf(cause));
        assertTrue(cause.getMessage().contains("start_time 'yesterday' is not a time"), cause.getMessage());
    }

    @Test
    void aRestartedContextContinuesWithoutAGapOrADuplicate() throws Exception {
        File state = dir.resolve("watermark.dat").toFile();
        File seen = dir.resolve("delivered.dat").toFile();
        List<String> deliveries = new CopyOnWriteArrayList<>();
        LocalDateTime now = platformNow();
        sim.addInboundRecords(20, now.minusMinutes(50), Duration.ofMinutes(20));

        try (CamelContext first = recordsContext(state, seen, deliveries)) {
            first.start();
            await("the first twenty", 10, () -> deliveries.size() == 20);
        }
        // calls made while the route was down, some inside the lookback, must all arrive after the restart
        sim.addInboundRecords(10, now.minusMinutes(10), Duration.ofMinutes(9));
        try (CamelContext second = recordsContext(state, seen, deliveries)) {
            second.start();
            await("the ten made while down", 10, () -> deliveries.size() >= 30);
            int queries = queriesSoFar();
            await("a few more polls", 10, () -> queriesSoFar() >= queries + 3);
        }

        assertEquals(30, deliveries.size());
        assertEquals(30, Set.copyOf(deliveries).size());
    }

    private CamelContext recordsContext(File state, File seen, List<String> deliveries) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        camel.getRegistry().bind("watermarks", new FileStateRepository(state, new HashMap<>()));
        camel.getRegistry().bind("delivered", FileIdempotentRepository.fileIdempotentRepository(seen, 10_000));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&startTime=2h&lookback=30m&stateRepository=#watermarks"
                     + "&idempotentRepository=#delivered&" + FAST)
                        .process(e -> deliveries.add(key(e)));
            }
        });
        return camel;
    }

    @Test
    void aRouteStoppedAndStartedAgainKeepsItsWatermarkAndDeliversNothingTwice() throws Exception {
        sim.addInboundRecords(5, platformNow().minusMinutes(30), Duration.ofMinutes(10));
        consume("icsoc:records?type=400&startTime=1h&" + FAST);
        await("five records", 10, () -> records().getReceivedCounter() == 5);
        LocalDateTime watermark = recordsConsumer().getWatermark();

        context.getRouteController().stopRoute("records");
        context.getRouteController().startRoute("records");
        int queries = queriesSoFar();
        await("a few polls after the restart", 10, () -> queriesSoFar() >= queries + 3);

        assertEquals(5, records().getReceivedCounter());
        assertTrue(!recordsConsumer().getWatermark().isBefore(watermark));
    }

    @Test
    void aStoppedConsumerHasWrittenItsLastMarksAndWritesNothingAfterwards() throws Exception {
        // another node takes over once the consumer has stopped: a mark written after that comes too late for it, and
        // the record would be delivered twice (a repository slow to write makes the window wide)
        sim.addInboundRecords(20, platformNow().minusMinutes(30), Duration.ofMinutes(1));
        AtomicBoolean slow = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        context.getRegistry().bind("delivered", new MemoryIdempotentRepository() {
            @Override
            public boolean add(String key) {
                if (slow.get()) {
                    // a write the stop's interrupt does not cut short, as a file's or a socket's
                    writeSlowly(Duration.ofMillis(1500));
                }
                boolean added = super.add(key);
                writes.incrementAndGet();
                return added;
            }
        });
        AtomicInteger delivered = new AtomicInteger();
        // the exchanges that succeeded: only their records are marked (one the stop fails comes again)
        AtomicInteger succeeded = new AtomicInteger();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&startTime=1h&idempotentRepository=#delivered&" + FAST)
                        .routeId("records")
                        .process(e -> {
                            e.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                                @Override
                                public void onComplete(Exchange exchange) {
                                    succeeded.incrementAndGet();
                                }
                            });
                            if (delivered.incrementAndGet() == 3) {
                                slow.set(true);
                                // stopped from elsewhere, as master: stops the consumer of a node that lost its
                                // leadership (no shutdown strategy waits for the poll then)
                                CompletableFuture.runAsync(() -> {
                                    try {
                                        ServiceHelper.stopService(recordsConsumer());
                                        stopped.complete(null);
                                    } catch (RuntimeException failure) {
                                        stopped.completeExceptionally(failure);
                                    }
                                });
                            }
                        });
            }
        });

        stopped.get(60, TimeUnit.SECONDS);
        int writesWhenStopped = writes.get();
        Awaitility.await("nothing is written to the store once the consumer stopped").during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(5)).until(() -> writes.get() == writesWhenStopped);
        assertEquals(2 * succeeded.get(), writesWhenStopped,
                "every record whose exchange succeeded is marked (its content and its key) when the stop returns");
    }

    private static void writeSlowly(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aStoredWatermarkCutShortByACrashIsSetAsideAndPollingGoesOnFromTheStartTime() throws Exception {
        // what a process killed while the file state repository appended the watermark leaves behind
        File state = dir.resolve("watermark.dat").toFile();
        java.nio.file.Files.writeString(state.toPath(), "icsoc:" + IcsocSimulator.VCC_CODE + ":400=2026-11-2");
        context.getRegistry().bind("watermarks", new FileStateRepository(state, new HashMap<>()));
        sim.addInboundRecords(5, platformNow().minusMinutes(30), Duration.ofMinutes(10));

        consume("icsoc:records?type=400&startTime=1h&stateRepository=#watermarks&" + FAST);

        await("the five records", 10, () -> records().getReceivedCounter() == 5);
        await("a readable watermark again", 10, () -> recordsConsumer().getWatermark().isAfter(platformNow().minusMinutes(5)));
    }

    @Test
    void theWatermarkIsKeyedByEnterpriseAndType() throws Exception {
        Map<String, String> stored = new ConcurrentHashMap<>();
        context.getRegistry().bind("watermarks", new org.apache.camel.support.processor.state.MemoryStateRepository() {
            @Override
            public void setState(String key, String value) {
                stored.put(key, value);
                super.setState(key, value);
            }
        });
        consume("icsoc:records?type=400&stateRepository=#watermarks&startTime=1h&" + FAST);

        await("a stored watermark", 10, () -> !stored.isEmpty());
        assertEquals(Set.of("icsoc:" + IcsocSimulator.VCC_CODE + ":400"), stored.keySet());
    }
}

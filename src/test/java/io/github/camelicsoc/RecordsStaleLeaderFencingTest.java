package io.github.camelicsoc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.ChaosDay;
import io.github.camelicsoc.support.LogCapture;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stale leader is fenced off by the store: node A, paused in the middle of a record (its route held on a latch, as a
 * long GC pause or a frozen VM would hold it), wakes after node B started the same consumer on the same tables; A
 * finishes the record it was processing and delivers nothing more, says why at WARN, and polls no more. What B
 * delivers again is what A delivered without writing its key: the record in flight, and with markBatchSize above 1
 * the records whose keys were waiting for their batch (here A's first).
 */
class RecordsStaleLeaderFencingTest {

    private static final int RECORDS = 10;

    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final List<String> deliveredByA = new CopyOnWriteArrayList<>();
    private final CountDownLatch aPaused = new CountDownLatch(1);
    private final CountDownLatch aWakes = new CountDownLatch(1);
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    static Stream<Arguments> databasesAndBatchSizes() {
        return Stream.of(TestDatabase.Kind.POSTGRESQL, TestDatabase.Kind.MARIADB).flatMap(kind -> Stream.of(
                Arguments.of(kind, 1), Arguments.of(kind, IcsocConfiguration.DEFAULT_MARK_BATCH_SIZE)));
    }

    @ParameterizedTest
    @MethodSource("databasesAndBatchSizes")
    void aLeaderPausedWhileAnotherTookOverDeliversAtMostTheRecordInFlight(TestDatabase.Kind kind, int markBatchSize)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); IcsocSimulator sim = IcsocSimulator.start();
             LogCapture log = new LogCapture()) {
            sim.addInboundRecords(RECORDS, sim.now().withNano(0).minusMinutes(50), Duration.ofMinutes(10));

            CamelContext nodeA = node(sim, db, true, markBatchSize);
            nodeA.start();
            assertTrue(aPaused.await(30, TimeUnit.SECONDS), "node A pauses in its second record");
            long pausedAt = System.nanoTime();

            CamelContext nodeB = node(sim, db, false, markBatchSize);
            nodeB.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() == RECORDS);
            // the pause lasts longer than a term is trusted without a look at the store
            long left = TimeUnit.MILLISECONDS.toNanos(1500) - (System.nanoTime() - pausedAt);
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }

            aWakes.countDown();
            RecordsConsumer a = (RecordsConsumer) nodeA.getRoute("records").getConsumer();
            long failedBefore = a.getPollsFailed();
            await().atMost(Duration.ofSeconds(30)).until(() -> a.getPollsFailed() >= failedBefore + 3);
            assertTrue(log.text().contains("is fenced off: another node started this consumer on the same records store"),
                    "A says why at WARN: " + log.text());
            assertEquals(2, deliveredByA.size(), "A delivered its first record and the one in flight, nothing more: "
                                                 + deliveredByA);
            assertEquals(RECORDS, deliveries.size(), "nothing lost");
            long repeated = deliveries.values().stream().filter(n -> n.get() > 1).count();
            // one at a time A wrote its first record's key before its second; in a batch that key was still waiting
            assertEquals(markBatchSize == 1 ? 1 : 2, repeated,
                    "what A delivered without writing its key came twice, nothing else: " + deliveries);
            nodeB.stop();
            nodeA.stop();
        } finally {
            pools.forEach(HikariDataSource::close);
        }
    }

    private CamelContext node(IcsocSimulator sim, TestDatabase db, boolean pausesInItsSecondRecord, int markBatchSize)
            throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        // a pool of each node's own, as two processes have
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(db.url());
        pool.setUsername(db.user());
        pool.setPassword(db.password());
        pool.setMaximumPoolSize(2);
        HikariDataSource database = new HikariDataSource(pool);
        pools.add(database);
        camel.getRegistry().bind("database", database);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&recordsStore=jdbc&startTime=1h&delay=100&initialDelay=0&settle=0"
                     + "&markBatchSize=" + markBatchSize)
                        .routeId("records")
                        .process(e -> {
                            String id = ChaosDay.identity(e.getIn().getBody(CallRecord.class));
                            if (pausesInItsSecondRecord) {
                                deliveredByA.add(id);
                                if (deliveredByA.size() == 2) {
                                    aPaused.countDown();
                                    aWakes.await(60, TimeUnit.SECONDS);
                                }
                            }
                            deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        });
            }
        });
        return camel;
    }
}

package io.github.camelicsoc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stale leader is fenced off by the store: node A, paused in the middle of a record (its route held on a latch, as a
 * long GC pause or a frozen VM would hold it), wakes after node B started the same consumer on the same tables; A
 * finishes the record it was processing and delivers nothing more, says why at WARN, and polls no more.
 */
class RecordsStaleLeaderFencingTest {

    private static final int RECORDS = 10;

    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final List<String> deliveredByA = new CopyOnWriteArrayList<>();
    private final CountDownLatch aPaused = new CountDownLatch(1);
    private final CountDownLatch aWakes = new CountDownLatch(1);
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void aLeaderPausedWhileAnotherTookOverDeliversAtMostTheRecordInFlight(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); IcsocSimulator sim = IcsocSimulator.start();
             LogCapture log = new LogCapture()) {
            sim.addInboundRecords(RECORDS, sim.now().withNano(0).minusMinutes(50), Duration.ofMinutes(10));

            CamelContext nodeA = node(sim, db, true);
            nodeA.start();
            assertTrue(aPaused.await(30, TimeUnit.SECONDS), "node A pauses in its second record");
            long pausedAt = System.nanoTime();

            CamelContext nodeB = node(sim, db, false);
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
            assertEquals(1, repeated, "only the record in flight came twice: " + deliveries);
            nodeB.stop();
            nodeA.stop();
        } finally {
            pools.forEach(HikariDataSource::close);
        }
    }

    private CamelContext node(IcsocSimulator sim, TestDatabase db, boolean pausesInItsSecondRecord) throws Exception {
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
                from("icsoc:records?type=400&recordsStore=jdbc&startTime=1h&delay=100&initialDelay=0&settle=0")
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

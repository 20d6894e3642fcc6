package io.github.camelicsoc;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocValidationException;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.ChaosDay;
import io.github.camelicsoc.support.LogCapture;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * recordsStore=jdbc: the records consumer keeps its watermark and delivered keys in the application's database with
 * no code beyond the option, consumes from the simulator end to end, and a restarted application does not replay.
 */
class RecordsOnDatabaseTest {

    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void recordsArriveOnceWithTheirStateInTheDatabaseAndARestartDoesNotReplayThem(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); IcsocSimulator sim = IcsocSimulator.start()) {
            LocalDateTime now = sim.now().withNano(0);
            sim.addInboundRecords(400, now.minusHours(5), Duration.ofHours(4));

            CamelContext first = application(sim, db);
            try (LogCapture log = new LogCapture()) {
                first.start();
                assertFalse(log.text().contains("in memory"), "recordsStore=jdbc is durable, not warned about: "
                                                              + log.text());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() >= 400);
            int queries = sim.queries().size();
            // a few more polls read the last hour again: nothing more arrives
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.queries().size() >= queries + 3);
            first.stop();
            assertEquals(400, deliveries.size());
            assertTrue(deliveries.values().stream().allMatch(n -> n.get() == 1), "each record once: " + deliveries);
            assertEquals(1, JdbcRecordsStoreTest.count(db, "SELECT COUNT(*) FROM icsoc_state WHERE state_key NOT LIKE '%:term'"),
                    "one watermark, beside its term");
            assertEquals(400, JdbcRecordsStoreTest.count(db,
                    "SELECT COUNT(*) FROM icsoc_delivered WHERE record_key NOT LIKE '=%'"), "every key");
            assertEquals(0, JdbcRecordsStoreTest.count(db,
                    "SELECT COUNT(*) FROM icsoc_delivered WHERE record_key LIKE '=%'"), "one row a record, no other");
            assertEquals(400, JdbcRecordsStoreTest.count(db,
                    "SELECT COUNT(*) FROM icsoc_delivered WHERE LENGTH(note) >= 32"), "the content of each, in its note");

            // a new application on the same database: it resumes at the stored watermark and replays nothing
            sim.addInboundRecords(50, now.minusMinutes(40), Duration.ofMinutes(20));
            CamelContext second = application(sim, db);
            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() >= 450);
            int later = sim.queries().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.queries().size() >= later + 3);
            second.stop();

            assertEquals(450, deliveries.size());
            assertTrue(deliveries.values().stream().allMatch(n -> n.get() == 1), "nothing replayed: " + deliveries);
            LocalDateTime firstRestartQuery = LocalDateTime.parse(sim.queries().get(queries + 3).startTime(),
                    PlatformTime.FORMAT);
            assertTrue(firstRestartQuery.isAfter(now.minusHours(2)),
                    "the restarted consumer asks from its watermark, not from startTime: " + firstRestartQuery);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void tablesDroppedWhileTheApplicationRunsAreCreatedAgainWhenItsRouteStartsAgain(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); IcsocSimulator sim = IcsocSimulator.start()) {
            LocalDateTime now = sim.now().withNano(0);
            sim.addInboundRecords(10, now.minusMinutes(50), Duration.ofMinutes(20));
            CamelContext camel = application(sim, db, route("icsoc:records?type=400&startTime=1h&" + FAST));
            try {
                camel.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() >= 10);

                try (Connection c = db.connect(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE icsoc_delivered");
                    s.execute("DROP TABLE icsoc_state");
                }
                camel.getRouteController().stopRoute("records");
                sim.addInboundRecords(5, now.minusMinutes(20), Duration.ofMinutes(10));
                camel.getRouteController().startRoute("records");

                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() >= 15);
                // the keys of the five new records at least (the repository's cache may still know the first ten)
                await().atMost(Duration.ofSeconds(30)).until(() -> JdbcRecordsStoreTest.count(db,
                        "SELECT COUNT(*) FROM icsoc_delivered WHERE record_key NOT LIKE '=%'") >= 5);
                assertEquals(1, JdbcRecordsStoreTest.count(db,
                        "SELECT COUNT(*) FROM icsoc_state WHERE state_key NOT LIKE '%:term'"), "the watermark again");
            } finally {
                camel.stop();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aRecordingFilledInLaterIsVersionTwoAndARestartDeliversNeitherStateAgain(TestDatabase.Kind kind)
            throws Exception {
        List<String> states = new CopyOnWriteArrayList<>();
        AtomicReference<String> recording = new AtomicReference<>("");
        try (TestDatabase db = TestDatabase.open(kind); IcsocSimulator sim = IcsocSimulator.start()) {
            sim.addRecord(SimRecord.inbound("13800000001", "4001234567", sim.now().withNano(0).minusMinutes(10), 30,
                    "rec-1"));
            sim.rewriteRecordAnswers(body -> body.replaceAll("\"record_file\":(null|\"[^\"]*\")",
                    "\"record_file\":\"" + recording.get() + "\""));
            RouteBuilder versions = new RouteBuilder() {
                @Override
                public void configure() {
                    from("icsoc:records?type=400&startTime=1h&" + FAST).process(e -> states.add(
                            e.getIn().getHeader(IcsocConstants.RECORD_VERSION, 1, Integer.class) + " "
                            + e.getIn().getBody(CallRecord.class).recordingUrl() + " "
                            + e.getIn().getHeader(IcsocConstants.RECORD_CHANGED_FIELDS)));
                }
            };
            CamelContext first = application(sim, db, versions);
            first.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> states.size() >= 1);
            recording.set("http://rec/rec-1.mp3");
            await().atMost(Duration.ofSeconds(30)).until(() -> states.size() >= 2);
            first.stop();

            // a new application on the same database: both states are known, whatever the answer's order
            CamelContext second = application(sim, db, versions);
            second.start();
            int queries = sim.queries().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.queries().size() >= queries + 4);
            recording.set("");
            int later = sim.queries().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.queries().size() >= later + 4);
            second.stop();

            assertEquals(List.of("1 null null", "2 http://rec/rec-1.mp3 record_file"), states,
                    "version 2 names what changed, read back from the version 1 row");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aCorrectedEndTimeNamesBothCorrectedFieldsAfterARestart(TestDatabase.Kind kind) throws Exception {
        List<String> changes = new CopyOnWriteArrayList<>();
        AtomicReference<String> seconds = new AtomicReference<>("2");
        try (TestDatabase db = TestDatabase.open(kind); IcsocSimulator sim = IcsocSimulator.start()) {
            LocalDateTime start = sim.now().withNano(0).minusMinutes(10);
            sim.addRecord(SimRecord.inbound("13800000001", "4001234567", start, 2, "short-1"));
            // the platform corrects the call by a second: all_secs and end_time together
            sim.rewriteRecordAnswers(body -> "3".equals(seconds.get())
                    ? body.replace("\"all_secs\":\"2\"", "\"all_secs\":\"3\"")
                            .replace(PlatformTime.format(start.plusSeconds(2)), PlatformTime.format(start.plusSeconds(3)))
                    : body);
            RouteBuilder versions = new RouteBuilder() {
                @Override
                public void configure() {
                    from("icsoc:records?type=400&startTime=1h&" + FAST).process(e -> changes.add(
                            e.getIn().getHeader(IcsocConstants.RECORD_VERSION, 1, Integer.class) + " "
                            + e.getIn().getHeader(IcsocConstants.RECORD_CHANGED_FIELDS)));
                }
            };
            CamelContext first = application(sim, db, versions);
            first.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> changes.size() >= 1);
            first.stop();

            // the correction reaches a new application on the same database: what changed is read from the store
            seconds.set("3");
            CamelContext second = application(sim, db, versions);
            second.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> changes.size() >= 2);
            int queries = sim.queries().size();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.queries().size() >= queries + 4);
            second.stop();

            assertEquals(List.of("1 null", "2 all_secs,end_time"), changes);
        }
    }

    @Test
    void aJdbcStoreWithoutADataSourceIsRefusedSayingWhatToSet() {
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            CamelContext camel = context(sim);
            Exception e = assertThrows(Exception.class, () -> {
                camel.addRoutes(route("icsoc:records?type=400&recordsStore=jdbc"));
                camel.start();
            });
            IcsocConfigurationException refused = causeOfType(e, IcsocConfigurationException.class);
            assertEquals("dataSource", refused.getOption());
            // the component's own hint is whole: the cap on quoted text is for the platform's replies
            assertEquals("icsoc option dataSource: recordsStore=jdbc needs a database, and no DataSource is in the"
                         + " registry. What to do: set dataSource to the DataSource bean to use: dataSource=#myDataSource"
                         + " in the URI, or camel.component.icsoc.data-source=#myDataSource", refused.getMessage());
            camel.stop();
        }
    }

    @Test
    void twoDataSourcesInTheRegistryNeedTheDataSourceOption() throws Exception {
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            CamelContext ambiguous = context(sim);
            ambiguous.getRegistry().bind("one", h2("one"));
            ambiguous.getRegistry().bind("two", h2("two"));
            Exception e = assertThrows(Exception.class, () -> {
                ambiguous.addRoutes(route("icsoc:records?type=800&recordsStore=jdbc"));
                ambiguous.start();
            });
            assertTrue(causeOfType(e, IcsocConfigurationException.class).getMessage()
                    .contains("recordsStore=jdbc needs a database, and 2 DataSources are in the registry"));
            ambiguous.stop();

            sim.addInboundRecords(5, sim.now().minusHours(2), Duration.ofMinutes(30));
            CamelContext chosen = context(sim);
            JdbcDataSource two = h2("two");
            chosen.getRegistry().bind("one", h2("one"));
            chosen.getRegistry().bind("two", two);
            chosen.addRoutes(route("icsoc:records?type=400&recordsStore=jdbc&dataSource=#two&startTime=3h&" + FAST));
            chosen.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.size() >= 5);
            chosen.stop();
            JdbcStateRepository watermarks = new JdbcStateRepository(two);
            watermarks.start();
            assertNotNull(watermarks.getState("icsoc:" + IcsocSimulator.VCC_CODE + ":400"), "the watermark is in #two");
        }
    }

    @Test
    void recordsStoreTakesMemoryOrJdbcOnly() {
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            CamelContext camel = context(sim);
            Exception e = assertThrows(Exception.class, () -> {
                camel.addRoutes(route("icsoc:records?type=400&recordsStore=postgres"));
                camel.start();
            });
            assertEquals("icsoc option recordsStore: 'postgres' is not a records store. What to do: use"
                         + " recordsStore=memory (the default) or recordsStore=jdbc (with a DataSource)",
                    causeOfType(e, IcsocConfigurationException.class).getMessage());
            camel.stop();
        }
    }

    @Test
    void recordVersionsTakesAllOrFirstOnly() {
        try (IcsocSimulator sim = IcsocSimulator.start()) {
            CamelContext camel = context(sim);
            Exception e = assertThrows(Exception.class, () -> {
                camel.addRoutes(route("icsoc:records?type=400&recordVersions=last"));
                camel.start();
            });
            assertEquals("icsoc option recordVersions: 'last' is not a choice of versions. What to do: use"
                         + " recordVersions=all (every state of a record, the default) or recordVersions=first (its"
                         + " first state only)", causeOfType(e, IcsocConfigurationException.class).getMessage());
            camel.stop();
        }
    }

    private static final String FAST = "delay=100&initialDelay=0&settle=0";

    /** An application as a user writes it: the store chosen once for the component, the database a bean. */
    private CamelContext application(IcsocSimulator sim, TestDatabase db) throws Exception {
        return application(sim, db, route("icsoc:records?type=400&startTime=6h&" + FAST));
    }

    private CamelContext application(IcsocSimulator sim, TestDatabase db, RouteBuilder route) throws Exception {
        CamelContext camel = context(sim);
        camel.getComponent("icsoc", IcsocComponent.class).getConfiguration()
                .setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
        camel.getRegistry().bind("applicationDatabase", db.reopenDataSource());
        camel.addRoutes(route);
        return camel;
    }

    private static CamelContext context(IcsocSimulator sim) {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        return camel;
    }

    private RouteBuilder route(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("records").process(e -> deliveries
                        .computeIfAbsent(ChaosDay.identity(e.getIn().getBody(CallRecord.class)), k -> new AtomicInteger())
                        .incrementAndGet());
            }
        };
    }

    private static JdbcDataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:records-store-" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return assertInstanceOf(type, e, "no " + type.getSimpleName() + " in " + e);
    }
}

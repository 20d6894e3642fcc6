package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.RecordedStatements;
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
 * A node that takes over (or restarts) reads the last lookback again, whose records were all delivered before: with
 * {@code recordsStore=jdbc} it looks their keys up in a few statements, not one or two per record, so that it
 * delivers its first new record seconds after it started, whatever the lookback holds.
 */
class RecordsTakeoverLookupsTest {

    private static final int RECORDS = 1_500;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = { "POSTGRESQL", "MARIADB" })
    void aNewLeaderLooksUpTheDeliveredKeysOfItsLookbackInAFewStatements(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); IcsocSimulator sim = IcsocSimulator.start()) {
            LocalDateTime now = sim.now().withNano(0);
            sim.addInboundRecords(RECORDS, now.minusMinutes(50), Duration.ofMinutes(45));

            AtomicInteger first = new AtomicInteger();
            CamelContext leader = node(sim, db.dataSource(), first);
            leader.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> first.get() >= RECORDS);
            leader.stop();

            AtomicInteger second = new AtomicInteger();
            RecordedStatements statements = new RecordedStatements(db.dataSource());
            CamelContext next = node(sim, statements.dataSource(), second);
            long answered = sim.recordsAnswered();
            next.start();
            // its first poll reads the whole lookback again
            await().atMost(Duration.ofSeconds(60)).until(() -> sim.recordsAnswered() >= answered + RECORDS);
            next.stop();

            assertEquals(RECORDS, first.get(), "the first node delivered each record once");
            assertEquals(0, second.get(), "the next node delivers none of them again");
            int lookups = statements.count(RecordedStatements::keyLookup);
            assertTrue(lookups <= 20, "the " + RECORDS + " delivered records of the lookback were looked up in "
                                      + lookups + " statements");
        }
    }

    private static CamelContext node(IcsocSimulator sim, DataSource database, AtomicInteger delivered)
            throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(sim.baseUrl());
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
        icsoc.setDataSource(database);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&startTime=1h&delay=100&initialDelay=0&settle=0")
                        .process(e -> delivered.incrementAndGet());
            }
        });
        return camel;
    }
}

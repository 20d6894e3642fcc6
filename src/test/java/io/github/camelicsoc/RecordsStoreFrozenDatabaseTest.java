package io.github.camelicsoc;

import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

import io.github.camelicsoc.jdbc.JdbcIdempotentRepository;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.support.ConsumerHealthChecks;
import io.github.camelicsoc.support.PrivatePostgres;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that stops answering (SIGSTOP of a PostgreSQL server the test starts for itself) fails the poll within
 * the store's network timeout, the consumer's health goes DOWN saying why, and it recovers when the database answers
 * again.
 */
@ConsumerHealthChecks
class RecordsStoreFrozenDatabaseTest extends RecordsTestSupport {

    private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(3);

    @ParameterizedTest(name = "pooled DataSource: {0}")
    @ValueSource(booleans = { true, false })
    void aFrozenDatabaseFailsThePollWithinTheNetworkTimeoutHealthGoesDownAndThePollRecoversWhenItThaws(boolean pooled)
            throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            // a pool keeps its connections open: a frozen server then hangs a statement already sent; without one,
            // each statement opens a connection, and the freeze hangs the log-in
            DataSource database = pooled ? pg.pooledDataSource() : pg.dataSource();
            JdbcStateRepository watermarks = new JdbcStateRepository(database);
            watermarks.setNetworkTimeout(NETWORK_TIMEOUT);
            JdbcIdempotentRepository keys = new JdbcIdempotentRepository(database, "icsoc:frozen");
            keys.setNetworkTimeout(NETWORK_TIMEOUT);
            context.getRegistry().bind("watermarks", watermarks);
            context.getRegistry().bind("deliveredKeys", keys);
            sim.addInboundRecords(5, platformNow().minusMinutes(50), Duration.ofMinutes(10));
            consume("icsoc:records?type=400&startTime=1h&stateRepository=#watermarks"
                    + "&idempotentRepository=#deliveredKeys&" + FAST);
            await("the first records", 30, () -> records().getReceivedCounter() == 5);
            await("UP", 10, () -> consumerUp());

            pg.freeze();
            long frozenAt = System.nanoTime();
            try {
                // a poll in flight waits at most the network timeout, one that opens a connection the login timeout
                await("DOWN while the database is frozen", 60, () -> consumerDown(r -> true));
                long seconds = Duration.ofNanos(System.nanoTime() - frozenAt).toSeconds();
                HealthCheck.Result down = consumerHealth().orElseThrow();
                String why = down.getError().map(Throwable::getMessage).orElse("") + down.getMessage().orElse("");
                assertTrue(why.contains("icsoc_state") || why.contains("icsoc_delivered"),
                        "DOWN names the table it could not reach: " + why);
                System.out.println("DOWN " + seconds + " s after the freeze: " + why);
                assertTrue(seconds <= 30, "DOWN " + seconds + " s after the freeze; the network timeout is "
                                          + NETWORK_TIMEOUT.toSeconds() + " s");
            } finally {
                pg.thaw();
            }

            sim.addInboundRecords(3, platformNow().minusMinutes(30), Duration.ofMinutes(5));
            await("the records after the thaw", 60, () -> records().getReceivedCounter() >= 8);
            await("UP again", 30, () -> consumerUp());
            Map<String, Long> perKey = deliveriesPerKey();
            assertEquals(8, perKey.size());
            assertTrue(perKey.values().stream().allMatch(n -> n == 1), "each record once: " + perKey);
            context.stop();
            if (database instanceof AutoCloseable pool) {
                pool.close();
            }
        }
    }
}

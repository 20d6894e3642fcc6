package io.github.camelicsoc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.camelicsoc.jdbc.JdbcIdempotentRepository;
import io.github.camelicsoc.jdbc.JdbcPlacementStore;
import io.github.camelicsoc.jdbc.JdbcRepositorySupport;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.support.PrivatePostgres;
import io.github.camelicsoc.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records store's tables (and the placements table beside them) are created once even when several routes or nodes start together: no start fails, and
 * the database logs no error from two CREATE TABLE IF NOT EXISTS racing (PostgreSQL's duplicate key on pg_type).
 */
class RecordsStoreTablesCreatedOnceTest {

    private static final int STARTING_TOGETHER = 8;

    @Test
    void onPostgreSqlEightRepositoriesStartingAtOnceLeaveNoErrorInTheServerLog() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            startTogether(() -> List.of(new JdbcIdempotentRepository(pg.dataSource(), "icsoc:7000001"),
                    new JdbcStateRepository(pg.dataSource()), new JdbcPlacementStore(pg.dataSource())));
            String log = pg.serverLog();
            assertFalse(log.contains("ERROR"), "no error in PostgreSQL's log:\n" + log);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void repositoriesStartingAtOnceAllStart(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            startTogether(() -> List.of(new JdbcIdempotentRepository(db.dataSource(), "icsoc:7000001"),
                    new JdbcStateRepository(db.dataSource()), new JdbcPlacementStore(db.dataSource())));
            assertTrue(JdbcRecordsStoreTest.count(db, "SELECT COUNT(*) FROM icsoc_delivered") == 0);
            assertTrue(JdbcRecordsStoreTest.count(db, "SELECT COUNT(*) FROM icsoc_state") == 0);
            assertTrue(JdbcRecordsStoreTest.count(db, "SELECT COUNT(*) FROM icsoc_placement") == 0);
        }
    }

    @FunctionalInterface
    interface Repositories {
        List<JdbcRepositorySupport> create();
    }

    private static void startTogether(Repositories repositories) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(STARTING_TOGETHER);
        try {
            CyclicBarrier together = new CyclicBarrier(STARTING_TOGETHER);
            List<Future<?>> starts = new ArrayList<>();
            for (int i = 0; i < STARTING_TOGETHER; i++) {
                starts.add(threads.submit(() -> {
                    List<JdbcRepositorySupport> mine = repositories.create();
                    together.await(30, TimeUnit.SECONDS);
                    mine.forEach(JdbcRepositorySupport::start);
                    mine.forEach(JdbcRepositorySupport::stop);
                    return null;
                }));
            }
            for (Future<?> start : starts) {
                start.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

package io.github.camelicsoc.records;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.support.TestDatabase;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The term a consumer holds is trusted for a second after it was read, from when the read began: a node paused in
 * the middle of reading its term (the database answered, then SIGSTOP, a GC pause, a frozen VM), while another node
 * took a newer term, must not take that old answer as fresh and deliver a second's worth of records after waking.
 */
class TermCheckTest {

    private static final String WATERMARK = "icsoc:7000001:800";

    /** A state repository whose next term read answers, then stalls as a paused process does, before returning. */
    private static final class PausingStateRepository extends JdbcStateRepository {
        final AtomicBoolean pauseAfterNextRead = new AtomicBoolean();
        Runnable meanwhile = () -> {
        };

        PausingStateRepository(javax.sql.DataSource db) {
            super(db);
        }

        @Override
        public String getState(String key) {
            String answer = super.getState(key);
            if (key.endsWith(":term") && pauseAfterNextRead.getAndSet(false)) {
                meanwhile.run();
                try {
                    Thread.sleep(RecordsStoreGuard.TERM_TRUSTED_MILLIS + 300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        }
    }

    private static RecordsStoreGuard node(JdbcStateRepository state) {
        RecordsStoreGuard guard = new RecordsStoreGuard("icsoc:records type=800", "recordsStore=jdbc",
                MemoryIdempotentRepository.memoryIdempotentRepository(), state, true, WATERMARK, 1);
        assertTrue(guard.start());
        return guard;
    }

    @Test
    void aNodePausedWhileReadingItsTermIsFencedOnWakingNotASecondLater() {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2)) {
            PausingStateRepository pausedNodeState = new PausingStateRepository(db.dataSource());
            RecordsStoreGuard pausedNode = node(pausedNodeState);
            JdbcStateRepository otherNodeState = new JdbcStateRepository(db.dataSource());

            // its term read answers "still yours", then the node stalls while the other node takes a newer term
            pausedNodeState.meanwhile = () -> node(otherNodeState);
            pausedNodeState.pauseAfterNextRead.set(true);

            // waking, the answer it got is older than the trust: it reads again and finds itself fenced off, and the
            // next record is refused at once instead of trusting that answer for a second
            assertThrows(RecordsStoreException.class, () -> pausedNode.checkTerm(true));
            assertThrows(RecordsStoreException.class, () -> pausedNode.checkTerm(false));
        }
    }

    @Test
    void aTermReadThatIsQuickIsTrustedForTheNextRecords() {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2)) {
            RecordsStoreGuard node = node(new JdbcStateRepository(db.dataSource()));
            assertDoesNotThrow(() -> node.checkTerm(true));
            assertDoesNotThrow(() -> node.checkTerm(false));
        }
    }
}

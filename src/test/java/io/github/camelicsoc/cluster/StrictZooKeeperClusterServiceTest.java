package io.github.camelicsoc.cluster;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings of {@link StrictZooKeeperClusterService} are checked when it starts, with an error that names the
 * option; and a node that lost its connection stands in the election again.
 */
class StrictZooKeeperClusterServiceTest {

    @TempDir
    Path dir;

    private static String startFails(StrictZooKeeperClusterService service) {
        CamelContext camel = new DefaultCamelContext();
        service.setCamelContext(camel);
        return assertThrows(IllegalArgumentException.class, service::start).getMessage();
    }

    @Test
    void aConnectionTimeoutLongerThanTheSessionTimeoutIsRefused() {
        StrictZooKeeperClusterService service = new StrictZooKeeperClusterService();
        service.setId("node-1");
        service.setNodes("127.0.0.1:2181");
        service.setSessionTimeout(10_000);
        service.setConnectionTimeout(15_000);
        String message = startFails(service);
        assertTrue(message.contains("connectionTimeout (15000 ms)") && message.contains("sessionTimeout (10000 ms)"),
                message);
    }

    @Test
    void theEnsembleAndTheNodeNameAreRequired() {
        StrictZooKeeperClusterService noNodes = new StrictZooKeeperClusterService();
        noNodes.setId("node-1");
        assertTrue(startFails(noNodes).contains("set nodes"));
        StrictZooKeeperClusterService noId = new StrictZooKeeperClusterService();
        noId.setNodes("127.0.0.1:2181");
        assertTrue(startFails(noId).contains("set id"));
    }

    @Test
    void aNodeWhoseServerRestartsLeadsAgainOnceReconnected() throws Exception {
        try (TestingServer zookeeper = new TestingServer(-1, dir.toFile())) {
            CamelContext camel = new DefaultCamelContext();
            StrictZooKeeperClusterService service = new StrictZooKeeperClusterService();
            service.setId("node-1");
            service.setNodes(zookeeper.getConnectString());
            service.setSessionTimeout(10_000);
            service.setCamelContext(camel);
            camel.addService(service);
            camel.start();
            try {
                CamelClusterView view = service.getView("records");
                await().atMost(Duration.ofSeconds(20)).until(() -> view.getLocalMember().isLeader());
                assertEquals("node-1", view.getLeader().orElseThrow().getId());

                // the only server stops: the connection is suspended, so the node gives up at once
                zookeeper.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> !view.getLocalMember().isLeader());
                assertFalse(view.getLocalMember().isLeader());

                // back within the session: the node stands again and, alone, leads
                zookeeper.restart();
                await().atMost(Duration.ofSeconds(30)).until(() -> view.getLocalMember().isLeader());
            } finally {
                camel.stop();
            }
        }
    }
}

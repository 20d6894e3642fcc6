package io.github.camelicsoc.cluster;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderSelector;
import org.apache.curator.framework.recipes.leader.LeaderSelectorListenerAdapter;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One election (a namespace) of {@link StrictZooKeeperClusterService}: Curator's {@link LeaderSelector}, whose lock
 * node is held for exactly as long as takeLeadership runs. Leadership is announced when the lock is taken; it
 * is taken back, and the listeners told (so that camel-master stops its consumer), before the lock is released. The
 * selector requeues itself, so a node that lost its leadership or its connection stands again.
 */
final class StrictZooKeeperClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(StrictZooKeeperClusterView.class);

    /**
     * How long after taking leadership a node keeps its lock at least, even when it loses leadership at once:
     * camel-master 4.18 starts its consumer one second after the leadership event, from a task a loss does not cancel,
     * so the lock is kept until that start is past and the loss announced again (which stops what it started).
     */
    static final long HOLD_AFTER_TAKEN_NANOS = TimeUnit.MILLISECONDS.toNanos(2000);
    /** How long a consumer told to stop may still take to end the exchange in flight before the lock is released. */
    static final long DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final StrictZooKeeperClusterService service;
    private final CuratorFramework client;
    private final String path;
    private final LocalMember localMember = new LocalMember();
    private volatile LeaderSelector selector;
    private volatile boolean leader;

    StrictZooKeeperClusterView(StrictZooKeeperClusterService service, CuratorFramework client, String path,
                               String namespace) {
        super(service, namespace);
        this.service = service;
        this.client = client;
        this.path = path;
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return localMember;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        LeaderSelector current = selector;
        if (current == null || !isRunAllowed()) {
            return Optional.empty();
        }
        if (leader) {
            return Optional.of(localMember);
        }
        try {
            Participant participant = current.getLeader();
            return participant.isLeader() ? Optional.of(new RemoteMember(participant.getId(), true)) : Optional.empty();
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            LOG.debug("Cannot read the leader of {}: {}", path, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        LeaderSelector current = selector;
        if (current == null) {
            return List.of();
        }
        try {
            return current.getParticipants().stream()
                    .map(p -> p.getId().equals(localMember.getId()) ? (CamelClusterMember) localMember
                            : new RemoteMember(p.getId(), p.isLeader()))
                    .toList();
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            LOG.debug("Cannot read the members of {}: {}", path, e.getMessage());
            return List.of();
        }
    }

    @Override
    protected void doStart() throws Exception {
        LeaderSelector created = new LeaderSelector(client, path, new Candidate());
        created.setId(service.getId());
        // stand again after every loss of leadership or of the connection, instead of leaving the election
        created.autoRequeue();
        selector = created;
        created.start();
    }

    @Override
    protected void doStop() throws Exception {
        LeaderSelector current = selector;
        selector = null;
        if (current != null) {
            // interrupts takeLeadership, which tells the listeners before the lock goes
            current.close();
        }
    }

    private final class Candidate extends LeaderSelectorListenerAdapter {

        @Override
        public void takeLeadership(CuratorFramework curator) throws Exception {
            long takenAt = System.nanoTime();
            leader = true;
            LOG.info("Leadership of {} taken by {}", getNamespace(), service.getId());
            try {
                fireLeadershipChangedEvent(localMember);
                while (isRunAllowed()) {
                    Thread.sleep(Long.MAX_VALUE);
                }
            } catch (InterruptedException e) {
                // Curator interrupts on SUSPENDED or LOST, closing the view does on stop
            } finally {
                leader = false;
                boolean interrupted = Thread.interrupted();
                if (isRunAllowed()) {
                    ConnectionState state = service.getConnectionState();
                    LOG.warn("Leadership of {} given up by {}: the connection to ZooKeeper is {}. Its consumer is"
                             + " stopped before another node may lead; it stands again once connected",
                            getNamespace(), service.getId(), state);
                }
                fireLeadershipChangedEvent((CamelClusterMember) null);
                if (isRunAllowed()) {
                    holdUntil(Math.max(takenAt + HOLD_AFTER_TAKEN_NANOS, System.nanoTime() + DRAIN_NANOS));
                    // stops a consumer camel-master started after the first announcement
                    fireLeadershipChangedEvent((CamelClusterMember) null);
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void stateChanged(CuratorFramework curator, ConnectionState newState) {
            if (newState == ConnectionState.RECONNECTED) {
                LOG.info("{} reconnected to ZooKeeper: it stands for {} again", service.getId(), getNamespace());
            }
            super.stateChanged(curator, newState);
        }

        /** Waits until {@code deadline}, through interruptions (the lock must not go earlier). */
        private void holdUntil(long deadline) {
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                Thread.interrupted();
            }
        }
    }

    private final class LocalMember implements CamelClusterMember {
        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return service.getId();
        }
    }

    private record RemoteMember(String id, boolean leads) implements CamelClusterMember {
        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isLeader() {
            return leads;
        }

        @Override
        public boolean isLocal() {
            return false;
        }
    }
}

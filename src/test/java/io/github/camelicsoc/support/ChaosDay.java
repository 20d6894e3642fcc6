package io.github.camelicsoc.support;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimFault;
import io.github.camelicsoc.sim.SimRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.processor.state.FileStateRepository;

/**
 * A day of call records for the reliability tests, the faults they run under, and how their deliveries are
 * counted. Records are identified here by type, caller and start time (unique by construction), independently of
 * the key the component uses, so the tests do not take the component's word for which records are the same.
 */
public final class ChaosDay {

    /** The fault rates of the issue: HTTP 5xx, timeouts, malformed JSON and dropped connections. */
    public static final double HTTP_5XX = 0.10;
    public static final double TIMEOUT = 0.05;
    public static final double MALFORMED = 0.02;
    public static final double DROP = 0.02;
    /** The share of exchanges the route itself fails. */
    public static final double ROUTE_FAILURES = 0.01;

    private ChaosDay() {
    }

    /**
     * {@code count} records whose calls started evenly over the 24 hours before {@code end}: seven in ten inbound
     * 400 records (with a call id), the rest two-way 800 records (without one, as the vendor's sample), some of them
     * never answered.
     */
    public static List<SimRecord> records(int count, LocalDateTime end) {
        LocalDateTime from = end.minusHours(24);
        long step = Duration.ofHours(24).toSeconds() * 1000 / count;
        List<SimRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocalDateTime start = from.plusNanos(step * i * 1_000_000L).withNano(0);
            String caller = String.format("139%08d", i);
            int seconds = 20 + i % 300;
            if (i % 10 < 7) {
                records.add(SimRecord.inbound(caller, IcsocSimulator.OWN_400_NUMBER, start, seconds, "chaos-" + i));
            } else if (i % 10 < 9) {
                records.add(new SimRecord(false, caller, "13800138000", "", start, start.plusSeconds(8),
                        start.plusSeconds(seconds), "http://127.0.0.1/recordings/" + i + ".mp3", null));
            } else {
                records.add(SimRecord.unansweredTwoWay(caller, "13800138000", start, 25));
            }
        }
        return records;
    }

    /**
     * Camel's file idempotent repository, with an in-memory cache large enough for every key it will ever hold. Camel's
     * own class searches the whole file for every key missing from its cache, and every new record is such a key: each
     * costs a read of the file, which makes a day of catch-up take minutes. With a cache that holds every key (the file
     * is read into it at start) that search can only answer "no", so it is skipped; what is written to the file, and
     * when, is unchanged.
     */
    public static IdempotentRepository fileRepository(File file) {
        return new FileIdempotentRepository(file, new HashMap<>()) {
            @Override
            protected boolean containsStore(String key) {
                return false;
            }
        };
    }

    public static String identity(SimRecord r) {
        return (r.inbound() ? "400" : "800") + ":" + r.caller() + "@" + PlatformTime.FORMAT.format(r.startTime());
    }

    public static String identity(CallRecord r) {
        return r.type().code() + ":" + r.caller() + "@"
               + PlatformTime.FORMAT.format(r.startTime().toLocalDateTime());
    }

    public static Set<String> identities(List<SimRecord> records) {
        Set<String> ids = new TreeSet<>();
        records.forEach(r -> ids.add(identity(r)));
        return ids;
    }

    public static LocalDateTime platformNow() {
        return LocalDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
    }

    /** Sets the issue's faults on {@code sim}, with a timeout answer that comes after {@code timeout}. */
    public static void injectFaults(IcsocSimulator sim, long seed, Duration lateAnswer) {
        sim.timeoutAfter(lateAnswer);
        sim.injectRandomFaults(seed, HTTP_5XX, TIMEOUT, MALFORMED, DROP);
    }

    /** The faults {@code sim} injected, grouped as the issue names them. */
    public static Map<String, Integer> faultsByKind(IcsocSimulator sim) {
        Map<SimFault, Integer> faults = sim.faultsInjected();
        Map<String, Integer> kinds = new HashMap<>();
        faults.forEach((fault, n) -> {
            String kind = fault.isHttpError() ? "http5xx" : fault.isDroppedConnection() ? "dropped"
                    : fault == SimFault.TIMEOUT ? "timeout" : "malformed";
            kinds.merge(kind, n, Integer::sum);
        });
        return kinds;
    }

    /** Records the issue's fault figures. */
    public static void putFaults(Figures figures, IcsocSimulator sim) {
        Map<String, Integer> kinds = faultsByKind(sim);
        figures.put("requests answered by the simulator", sim.requestCount())
                .put("faults: HTTP 5xx error pages", kinds.get("http5xx"))
                .put("faults: timeouts", kinds.get("timeout"))
                .put("faults: malformed JSON", kinds.get("malformed"))
                .put("faults: dropped connections", kinds.get("dropped"));
    }

    /** Receives the identity of each record the route processed successfully. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(String identity) throws Exception;
    }

    /**
     * A node of the reliability suite: a Camel context running the records routes for both record types against
     * {@code baseUrl}, with file repositories in {@code dir}. The route fails an exchange on purpose with the
     * probability {@link #ROUTE_FAILURES} (calling {@code onRouteFailure}); every other record goes to {@code sink}.
     *
     * @param master the master: namespace prefix to run each route behind (the type is appended), or null
     */
    public static CamelContext recordsNode(
            String baseUrl, Path dir, String master, Random routeFaults, Runnable onRouteFailure, RecordSink sink)
            throws Exception {
        return recordsNode(baseUrl, dir, master, routeFaults, onRouteFailure, sink, null, 0);
    }

    /**
     * A node as {@link #recordsNode(String, Path, String, Random, Runnable, RecordSink)} builds it, with
     * recordsStore=jdbc on {@code database} and that {@code markBatchSize} instead of the file repositories when
     * {@code database} is not null.
     */
    public static CamelContext recordsNode(String baseUrl, Path dir, String master, Random routeFaults,
                                           Runnable onRouteFailure, RecordSink sink, DataSource database,
                                           int markBatchSize) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getShutdownStrategy().setTimeout(60);
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(baseUrl);
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        icsoc.setRequestTimeout(500);
        String store;
        if (database == null) {
            camel.getRegistry().bind("watermarks",
                    new FileStateRepository(dir.resolve("watermarks.dat").toFile(), new HashMap<>()));
            camel.getRegistry().bind("delivered", fileRepository(dir.resolve("delivered.dat").toFile()));
            store = "stateRepository=#watermarks&idempotentRepository=#delivered";
        } else {
            camel.getRegistry().bind("database", database);
            store = "recordsStore=jdbc&dataSource=#database&markBatchSize=" + markBatchSize;
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().logStackTrace(false).logExhaustedMessageHistory(false));
                for (String type : List.of("400", "800")) {
                    String records = "icsoc:records?type=" + type + "&startTime=26h&lookback=10m&settle=0&delay=20"
                                     + "&initialDelay=0&" + store;
                    from(master == null ? records : master + type + ":" + records)
                            .routeId("records-" + type)
                            .process(e -> {
                                if (routeFaults.nextDouble() < ROUTE_FAILURES) {
                                    onRouteFailure.run();
                                    throw new IllegalStateException("the route failed this exchange on purpose");
                                }
                                sink.accept(identity(e.getIn().getBody(CallRecord.class)));
                            });
                }
            }
        });
        return camel;
    }

    /** Counts how often each record was delivered and what is lost or duplicated. */
    public static final class Tally {
        private final Set<String> expected;
        private final Map<String, Integer> delivered = new HashMap<>();

        public Tally(Set<String> expected) {
            this.expected = expected;
        }

        public synchronized void delivered(String identity) {
            delivered.merge(identity, 1, Integer::sum);
        }

        public synchronized int distinct() {
            return delivered.size();
        }

        public synchronized List<String> lost() {
            return expected.stream().filter(id -> !delivered.containsKey(id)).toList();
        }

        public synchronized List<String> duplicated() {
            return delivered.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue())
                    .toList();
        }

        public synchronized List<String> unexpected() {
            return delivered.keySet().stream().filter(id -> !expected.contains(id)).toList();
        }

        public synchronized int total() {
            return delivered.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Adds what was delivered, lost and duplicated, and the seconds since {@code startedNanos}, to the figures. */
        public Figures putTo(Figures figures, long startedNanos) {
            return figures.put("successful deliveries", total())
                    .put("records delivered", distinct())
                    .put("lost", lost().size())
                    .put("duplicated", duplicated().size())
                    .put("seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        }
    }
}

package io.github.camelicsoc.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.records.CompactIdempotentRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * Times single polls of {@code icsoc:records?type=400} into a route that does nothing, and the heap they need above
 * the idle baseline. Runs in a JVM of its own; to measure the heap, with a small {@code -Xmx} the polls must survive.
 * The heap above the baseline is the most heap in use right after any collection during the poll (live data, plus old
 * garbage not yet collected: an upper bound), less the heap in use after a full collection just before the poll.
 * After each poll, the same answer is read again without the component, by a plain Jackson streaming read (every
 * token, the text of every value) straight from the HTTP response: the limit for this work, measured in the same JVM
 * and round, so that the ratio of the two holds from one machine to another.
 * With {@code batch=true} (bulk delivery) a poll delivers its records as one list: measured at the counts whose list
 * fits the heap, each with a bound as large as the count, so that one poll and one exchange carry the whole answer.
 * Arguments: the stub's base URL, the record counts (comma separated), the rounds, the records of the warm-up
 * poll, and the record counts to poll in batch mode (comma separated; none when absent).
 */
public final class IngestionProbe {

    /**
     * The keys the endpoint's default idempotent repository holds: two a record, for the 100,000 records it
     * remembers (see docs/records-and-polling.md).
     */
    private static final int REMEMBERED_KEYS = 200_000;

    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private static final AtomicLong HEAP_AFTER_GC_PEAK = new AtomicLong();

    private static int polls;

    private IngestionProbe() {
    }

    public static void main(String[] args) throws Exception {
        String stubBaseUrl = args[0];
        int[] sizes = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int[] batchSizes = args.length < 5 || args[4].isBlank() ? new int[0]
                : Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        watchCollections();

        CamelContext context = new DefaultCamelContext();
        IcsocConfiguration options = context.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        options.setVccCode(CallRoutes.VCC_CODE);
        options.setSecret(CallRoutes.SECRET);
        context.start();
        poll(context, stubBaseUrl, warmup, 0, false);
        plainRead(stubBaseUrl, warmup);
        if (batchSizes.length > 0) {
            poll(context, stubBaseUrl, batchSizes[0], 0, true);
        }
        for (int round = 1; round <= rounds; round++) {
            for (int n : sizes) {
                poll(context, stubBaseUrl, n, round, false);
            }
            for (int n : batchSizes) {
                poll(context, stubBaseUrl, n, round, true);
            }
        }
        context.stop();
        System.exit(0);
    }

    private static void poll(CamelContext context, String stubBaseUrl, int n, int round, boolean batch) throws Exception {
        String id = "ingest-" + ++polls;
        // what the endpoint would create by default, bound fresh for each poll so that every poll starts empty
        context.getRegistry().bind(id + "-delivered", new CompactIdempotentRepository(REMEMBERED_KEYS));
        // a poll that fails ends the probe at once with its error, rather than leave the wait below to time out
        AtomicReference<Exception> failed = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        context.getRegistry().bind(id + "-failures", new PollingConsumerPollStrategy() {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                return true;
            }

            @Override
            public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
                // a poll that ended well: the route counts its records
            }

            @Override
            public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
                failed.compareAndSet(null, cause);
                done.countDown();
                return false;
            }
        });
        context.getRegistry().bind(id + "-watermarks", new MemoryStateRepository());
        long[] first = new long[1];
        long[] last = new long[1];
        long[] cpu = new long[1];
        long[] count = new long[1];
        // one request for the whole window: the stub answers every request with all n records
        String uri = "icsoc:records?type=400&baseUrl=RAW(" + stubBaseUrl + "/records/" + n + ")"
                     + "&startTime=2h&lookback=0&settle=0&maxWindow=24h&initialDelay=0&delay=3600000&repeatCount=1"
                     + "&idempotentRepository=#" + id + "-delivered&stateRepository=#" + id + "-watermarks"
                     + "&pollStrategy=#" + id + "-failures"
                     + (batch ? "&batch=true&maxMessagesPerPoll=" + n : "");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).autoStartup(false)
                        .process(exchange -> {
                            long before = count[0];
                            long seen = count[0] += batch ? exchange.getIn().getBody(java.util.List.class).size() : 1;
                            if (before == 0) {
                                first[0] = System.nanoTime();
                            }
                            if (seen == n) {
                                last[0] = System.nanoTime();
                                // the consumer's own thread (one per route): its CPU time is the whole poll's
                                cpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                                done.countDown();
                            }
                        });
            }
        });
        System.gc();
        System.gc();
        Thread.sleep(100);
        long baseline = heapUsed();
        long collectionsBefore = collections();
        HEAP_AFTER_GC_PEAK.set(baseline);
        long start = System.nanoTime();
        context.getRouteController().startRoute(id);
        boolean ended = done.await(10, TimeUnit.MINUTES);
        if (failed.get() != null) {
            throw new IllegalStateException("the poll of " + n + " records failed after " + count[0] + " of them: "
                                            + failed.get(), failed.get());
        }
        if (!ended) {
            throw new IllegalStateException("the poll delivered " + count[0] + " of " + n + " records");
        }
        double seconds = (last[0] - start) / 1e9;
        long collections = collections() - collectionsBefore;
        // let the last collection's notification arrive
        Thread.sleep(200);
        long peak = HEAP_AFTER_GC_PEAK.get();
        System.gc();
        long retained = heapUsed();
        context.getRouteController().stopRoute(id);
        context.removeRoute(id);
        context.getRegistry().unbind(id + "-delivered");
        context.getRegistry().unbind(id + "-watermarks");
        context.getRegistry().unbind(id + "-failures");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", n);
        result.put("mode", batch ? "batch" : "exchange");
        result.put("round", round);
        result.put("seconds", seconds);
        result.put("recordsPerSecond", n / seconds);
        result.put("firstRecordSeconds", (first[0] - start) / 1e9);
        result.put("cpuSeconds", cpu[0] / 1e9);
        result.put("baseline", baseline);
        result.put("peakAboveBaseline", Math.max(0, peak - baseline));
        result.put("retainedAboveBaseline", Math.max(0, retained - baseline));
        result.put("collections", collections);
        double[] plain = plainRead(stubBaseUrl, n);
        result.put("plainRecordsPerSecond", n / plain[0]);
        result.put("plainCpuSeconds", plain[1]);
        result.put("ratio", (n / seconds) / (n / plain[0]));
        ChildJvm.report(result);
    }

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads the answer of {@code n} records as a plain Jackson streaming parser would: seconds from sending the
     * request to the last token, and the thread's CPU seconds.
     */
    private static double[] plainRead(String stubBaseUrl, int n) throws Exception {
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        java.net.HttpURLConnection http = (java.net.HttpURLConnection) java.net.URI.create(
                stubBaseUrl + "/records/" + n + IcsocOperation.INBOUND_RECORDS.path()).toURL().openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        http.setRequestProperty("X-WSSE", HandWrittenRequest.wsse(CallRoutes.VCC_CODE, CallRoutes.SECRET));
        try (java.io.OutputStream out = http.getOutputStream()) {
            out.write("start_time=2026-11-27%2000%3A00%3A00&end_time=2026-11-28%2000%3A00%3A00".getBytes());
        }
        long records = 0;
        long textLength = 0;
        try (java.io.InputStream in = http.getInputStream(); JsonParser p = JSON.createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT && p.getParsingContext().getParent().inArray()) {
                    records++;
                } else if (t.isScalarValue()) {
                    textLength += p.getText().length();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (records != n || textLength == 0) {
            throw new IllegalStateException("the plain read found " + records + " of " + n + " records");
        }
        return new double[] { seconds, cpu };
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /** Keeps the most heap in use right after a collection. */
    private static void watchCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (HEAP_POOLS.contains(pool.getKey())) {
                            used += pool.getValue().getUsed();
                        }
                    }
                    HEAP_AFTER_GC_PEAK.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }
}

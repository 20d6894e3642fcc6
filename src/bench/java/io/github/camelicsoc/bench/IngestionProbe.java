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
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;

/**
 * Times single polls of {@code icsoc:records?type=400} into a route that does nothing, and the heap they need above
 * the idle baseline. Runs in a JVM of its own; to measure the heap, with a small {@code -Xmx} the polls must survive.
 * The heap above the baseline is the most heap in use right after any collection during the poll (live data, plus old
 * garbage not yet collected: an upper bound), less the heap in use after a full collection just before the poll.
 * Arguments: the stub's base URL, the record counts (comma separated), the rounds, and the records of the warm-up
 * poll.
 */
public final class IngestionProbe {

    /** The keys the endpoint's default idempotent repository remembers (see the README). */
    private static final int REMEMBERED_KEYS = 100_000;

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
        watchCollections();

        CamelContext context = new DefaultCamelContext();
        IcsocConfiguration options = context.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        options.setVccCode(CallRoutes.VCC_CODE);
        options.setSecret(CallRoutes.SECRET);
        context.start();
        poll(context, stubBaseUrl, warmup, 0);
        for (int round = 1; round <= rounds; round++) {
            for (int n : sizes) {
                poll(context, stubBaseUrl, n, round);
            }
        }
        context.stop();
        System.exit(0);
    }

    private static void poll(CamelContext context, String stubBaseUrl, int n, int round) throws Exception {
        String id = "ingest-" + ++polls;
        // what the endpoint would create by default, bound fresh for each poll so that every poll starts empty
        context.getRegistry().bind(id + "-delivered", MemoryIdempotentRepository.memoryIdempotentRepository(REMEMBERED_KEYS));
        context.getRegistry().bind(id + "-watermarks", new MemoryStateRepository());
        CountDownLatch done = new CountDownLatch(1);
        long[] first = new long[1];
        long[] last = new long[1];
        long[] cpu = new long[1];
        long[] count = new long[1];
        // one request for the whole window: the stub answers every request with all n records
        String uri = "icsoc:records?type=400&baseUrl=RAW(" + stubBaseUrl + "/records/" + n + ")"
                     + "&startTime=2h&lookback=0&settle=0&maxWindow=24h&initialDelay=0&delay=3600000&repeatCount=1"
                     + "&idempotentRepository=#" + id + "-delivered&stateRepository=#" + id + "-watermarks";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).autoStartup(false)
                        .process(exchange -> {
                            long seen = ++count[0];
                            if (seen == 1) {
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
        if (!done.await(10, TimeUnit.MINUTES)) {
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

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", n);
        result.put("round", round);
        result.put("seconds", seconds);
        result.put("recordsPerSecond", n / seconds);
        result.put("firstRecordSeconds", (first[0] - start) / 1e9);
        result.put("cpuSeconds", cpu[0] / 1e9);
        result.put("baseline", baseline);
        result.put("peakAboveBaseline", Math.max(0, peak - baseline));
        result.put("retainedAboveBaseline", Math.max(0, retained - baseline));
        result.put("collections", collections);
        ChildJvm.report(result);
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

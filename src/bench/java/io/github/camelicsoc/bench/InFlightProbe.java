package io.github.camelicsoc.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Counts the threads a JVM holds while {@code calls} calls are in flight against a stub that answers after a delay.
 * Runs in a JVM of its own, with one route, so that nothing else's threads are counted. Arguments: the route
 * ({@code icsoc} or {@code hand-written}), how the calls are sent ({@code async}: all from one thread, each
 * completing a callback; {@code sync}: one blocked caller thread per call), the stub's delayed base URL, the number of
 * calls and the stub's delay in milliseconds.
 */
public final class InFlightProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private InFlightProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean icsoc = args[0].equals("icsoc");
        boolean async = args[1].equals("async");
        String baseUrl = args[2];
        int calls = Integer.parseInt(args[3]);
        long delay = Long.parseLong(args[4]);

        CamelContext context = new DefaultCamelContext();
        if (icsoc) {
            CallRoutes.addIcsocRoute(context, baseUrl);
        } else {
            CallRoutes.addHandWrittenRoute(context, baseUrl);
        }
        context.start();
        Endpoint endpoint = context.getEndpoint(icsoc ? CallRoutes.ICSOC : CallRoutes.HAND_WRITTEN);
        ProducerTemplate template = context.createProducerTemplate();
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        Exchange first = template.send(endpoint, e -> CallRoutes.callHeaders(e.getIn()));
        if (first.getException() != null) {
            throw first.getException();
        }
        // the first burst opens the connections, as a running application would have them; the second is counted
        burst(async, calls, delay, producer, template, endpoint);
        Burst counted = burst(async, calls, delay, producer, template, endpoint);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("idle", counted.idle);
        result.put("inFlight", counted.inFlight);
        result.put("peak", counted.peak);
        result.put("socketReads", counted.socketReads);
        result.put("failed", counted.failed);
        ChildJvm.report(result);
        counted.added.forEach((name, n) -> System.out.println("added " + n + " " + name));
        producer.stop();
        context.stop();
        System.exit(0);
    }

    private record Burst(int idle, int inFlight, int peak, int socketReads, int failed, Map<String, Integer> added) {
    }

    private static Burst burst(boolean async, int calls, long delay, AsyncProducer producer, ProducerTemplate template,
                               Endpoint endpoint) throws Exception {
        Thread.sleep(200);
        Map<String, Integer> idleNames = threadNames();
        int idle = THREADS.getThreadCount();
        THREADS.resetPeakThreadCount();
        CountDownLatch done = new CountDownLatch(calls);
        AtomicInteger failed = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        if (async) {
            for (int i = 0; i < calls; i++) {
                Exchange exchange = endpoint.createExchange();
                CallRoutes.callHeaders(exchange.getIn());
                producer.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                });
            }
        } else {
            for (int i = 0; i < calls; i++) {
                Thread caller = new Thread(() -> {
                    Exchange exchange = template.send(endpoint, e -> CallRoutes.callHeaders(e.getIn()));
                    if (exchange.getException() != null) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                }, "bench-caller-" + i);
                callers.add(caller);
                caller.start();
            }
        }
        // half-way through the stub's delay every call is in flight
        Thread.sleep(delay / 2);
        int inFlight = THREADS.getThreadCount();
        Map<String, Integer> flightNames = threadNames();
        int socketReads = socketReads();
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls did not complete");
        }
        for (Thread caller : callers) {
            caller.join();
        }
        Map<String, Integer> added = new TreeMap<>();
        flightNames.forEach((name, n) -> {
            int more = n - idleNames.getOrDefault(name, 0);
            if (more > 0) {
                added.put(name, more);
            }
        });
        return new Burst(idle, inFlight, THREADS.getPeakThreadCount(), socketReads, failed.get(), added);
    }

    /** Live threads by name, with the digits that number them taken out. */
    private static Map<String, Integer> threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.merge(t.getName().replaceAll("[0-9]+", "#").replace(' ', '_'), 1, Integer::sum);
        }
        return names;
    }

    /** Threads blocked reading a socket: a thread per call in flight, for a blocking HTTP client. */
    private static int socketReads() {
        int n = 0;
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            for (StackTraceElement frame : info.getStackTrace()) {
                if (frame.getClassName().startsWith("sun.nio.ch.NioSocketImpl")
                    || frame.getClassName().equals("java.net.SocketInputStream")) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}

package io.github.camelicsoc.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Times the start of a Camel context with one call route, in a fresh JVM (nothing loaded yet, as when an application
 * starts): from creating the context to its having started, with the route's producer started. Arguments: the route
 * ({@code icsoc} or {@code hand-written}) and the stub's base URL (nothing is sent to it).
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean icsoc = args[0].equals("icsoc");
        long start = System.nanoTime();
        CamelContext context = new DefaultCamelContext();
        if (icsoc) {
            CallRoutes.addIcsocRoute(context, args[1]);
        } else {
            CallRoutes.addHandWrittenRoute(context, args[1]);
        }
        context.start();
        long started = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("route", args[0]);
        result.put("startMillis", (started - start) / 1e6);
        result.put("jvmUptimeMillis", ManagementFactory.getRuntimeMXBean().getUptime());
        ChildJvm.report(result);
        context.stop();
        System.exit(0);
    }
}

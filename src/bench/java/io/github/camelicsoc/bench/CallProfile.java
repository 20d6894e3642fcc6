package io.github.camelicsoc.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jdk.jfr.Recording;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Not a section of the report: {@code -Dbench.sections=call-profile} records where the Java threads of one JVM spend
 * their time while one contender places calls one at a time, in a JDK Flight Recorder file (target/call-profile-*.jfr,
 * read with {@code jfr print --events jdk.ExecutionSample}), the route through the component and the bare transport
 * one after the other. It is how the cost the component adds over its transport is found, not a measure of it.
 */
final class CallProfile {

    private CallProfile() {
    }

    static void run(StubProcess stub, int concurrency, Duration length) throws Exception {
        CamelContext context = new DefaultCamelContext();
        CallRoutes.addIcsocRoute(context, stub.baseUrl());
        context.start();
        List<CallContender> contenders = List.of(
                CallContender.route("a", "route `direct -> icsoc:call`", context, CallRoutes.ICSOC),
                CallContender.bareAsync(stub.baseUrl()));
        try {
            for (CallContender contender : contenders) {
                ClosedLoop.run(contender, concurrency, Duration.ofSeconds(3), 0);
                try (Recording recording = new Recording()) {
                    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                    recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(5));
                    recording.start();
                    ClosedLoop.Cell cell = ClosedLoop.run(contender, concurrency, length, 1);
                    recording.stop();
                    Path file = Path.of("target", "call-profile-" + contender.key() + "-c" + concurrency + ".jfr");
                    recording.dump(file);
                    System.out.printf("call profile (%s) at concurrency %d: %.0f calls/s, %.0f µs CPU a call -> %s%n",
                            contender.key(), concurrency, cell.callsPerSecond(), cell.cpuMicrosPerCall(), file);
                }
            }
        } finally {
            contenders.forEach(CallContender::close);
            context.stop();
        }
    }
}

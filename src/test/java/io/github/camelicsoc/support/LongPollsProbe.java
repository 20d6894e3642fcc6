package io.github.camelicsoc.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs in a JVM of its own with a small heap (see LongPollsSmallHeapTest), against the simulator at the URL given:
 * two records routes whose polls span millions of one-second windows (a start in 2000, a 30-day lookback), and,
 * once the test says on standard input that both are well into their polls, calls placed while they go on. Prints
 * {@code started}, then {@code call <callId>} or {@code call FAILED <exception>} per call, {@code heap <MB used>}
 * and {@code done}.
 */
public final class LongPollsProbe {

    public static final int CALLS = 20;

    private LongPollsProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
            icsoc.setBaseUrl(args[0]);
            icsoc.setVccCode(IcsocSimulator.VCC_CODE);
            icsoc.setSecret(IcsocSimulator.SECRET);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // the first poll asks from 2000 on, one second at a time: some 800 million windows
                    from("icsoc:records?type=400&startTime=2000-01-01T00:00:00Z&maxWindow=1s&settle=0&delay=100"
                         + "&initialDelay=0").routeId("since-2000").to("log:since-2000?level=DEBUG");
                    // every poll after the first asks 30 days back, one second at a time: 2.6 million windows
                    from("icsoc:records?type=800&startTime=2s&lookback=30d&maxWindow=1s&settle=0&delay=100"
                         + "&initialDelay=0").routeId("lookback-30d").to("log:lookback-30d?level=DEBUG");
                }
            });
            camel.start();
            System.out.println("started");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"calls".equals(in.readLine())) {
                return;
            }
            ProducerTemplate template = camel.createProducerTemplate();
            for (int i = 0; i < CALLS; i++) {
                Exchange call = template.send("icsoc:call?caller=13800138000&called=13900139000", e -> {
                });
                if (call.getException() != null) {
                    System.out.println("call FAILED " + call.getException());
                } else {
                    System.out.println("call " + call.getMessage().getBody(CallResult.class).callId());
                }
                Thread.sleep(100);
            }
            System.gc();
            System.out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20));
            System.out.println("done");
        }
    }
}

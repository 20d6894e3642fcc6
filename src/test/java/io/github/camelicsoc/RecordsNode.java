package io.github.camelicsoc;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Random;

import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.FileStateRepository;

/**
 * A records node for {@link RecordsKillTest}, run in its own JVM: the records routes for both types with file
 * repositories in a data folder, each delivered record appended to {@code delivered.txt} in that folder as one line
 * written straight to the file (a killed process cannot lose it). The route fails one exchange in a hundred.
 * <p>
 * Arguments: the simulator's base URL, the data folder, the seed of the route's failures.
 */
public final class RecordsNode {

    /** Printed once the routes are started. */
    static final String STARTED = "records node started";

    private RecordsNode() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path data = Path.of(args[1]);
        Random routeFaults = new Random(Long.parseLong(args[2]));
        OutputStream delivered = new FileOutputStream(data.resolve("delivered.txt").toFile(), true);

        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(baseUrl);
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        icsoc.setRequestTimeout(500);
        camel.getRegistry().bind("watermarks",
                new FileStateRepository(data.resolve("watermarks.dat").toFile(), new HashMap<>()));
        camel.getRegistry().bind("delivered", ChaosDay.fileRepository(data.resolve("delivered.dat").toFile()));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().logStackTrace(false).logExhaustedMessageHistory(false));
                for (String type : List.of("400", "800")) {
                    from("icsoc:records?type=" + type + "&startTime=26h&lookback=10m&settle=0&delay=20"
                         + "&initialDelay=0&stateRepository=#watermarks&idempotentRepository=#delivered")
                            .routeId("records-" + type)
                            .process(e -> {
                                if (routeFaults.nextDouble() < ChaosDay.ROUTE_FAILURES) {
                                    throw new IllegalStateException("the route failed this exchange on purpose");
                                }
                                byte[] line = (ChaosDay.identity(e.getIn().getBody(CallRecord.class)) + "\n")
                                        .getBytes(StandardCharsets.UTF_8);
                                synchronized (delivered) {
                                    // one write straight to the file: once it returns, a SIGKILL cannot undo it
                                    delivered.write(line);
                                }
                            });
                }
            }
        });
        camel.start();
        System.out.println(STARTED);
        System.out.flush();
        Thread.currentThread().join();
    }
}

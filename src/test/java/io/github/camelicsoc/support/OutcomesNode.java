package io.github.camelicsoc.support;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * An outcomes node for {@code CallOutcomesKillTest}, run in its own JVM: {@code icsoc:records?type=800&outcomes=true}
 * with recordsStore=jdbc on the test's database, each outcome appended to {@code outcomes.txt} in the data folder as
 * one line ({@code <correlation key> <outcome>}) written straight to the file (a killed process cannot lose it). The
 * route spends {@value #SINK_MILLIS} ms on each outcome, as one writing to a CRM does, so that a kill lands while
 * outcomes are delivered.
 * <p>
 * Arguments: the simulator's base URL, the data folder, the JDBC URL, user and password, markBatchSize.
 */
public final class OutcomesNode {

    /** Printed once the route is started. */
    public static final String STARTED = "outcomes node started";
    static final long SINK_MILLIS = 20;

    private OutcomesNode() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[1]);
        OutputStream outcomes = new FileOutputStream(data.resolve("outcomes.txt").toFile(), true);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[2]);
        pool.setUsername(args[3]);
        pool.setPassword(args[4]);
        int markBatchSize = Integer.parseInt(args[5]);
        pool.setMaximumPoolSize(4);

        CamelContext camel = new DefaultCamelContext();
        IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        icsoc.setBaseUrl(args[0]);
        icsoc.setVccCode(IcsocSimulator.VCC_CODE);
        icsoc.setSecret(IcsocSimulator.SECRET);
        icsoc.setRecordsStore(IcsocConfiguration.RECORDS_STORE_JDBC);
        camel.getRegistry().bind("applicationDatabase", new HikariDataSource(pool));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=800&outcomes=true&outcomeTimeout=1s&startTime=1h&settle=0&delay=50"
                     + "&initialDelay=0&markBatchSize=" + markBatchSize)
                        .process(e -> {
                            Thread.sleep(SINK_MILLIS);
                            byte[] line = (e.getIn().getHeader(IcsocConstants.CORRELATION_KEY) + " "
                                           + e.getIn().getHeader(IcsocConstants.OUTCOME) + "\n")
                                    .getBytes(StandardCharsets.UTF_8);
                            synchronized (outcomes) {
                                // one write straight to the file: once it returns, a SIGKILL cannot undo it
                                outcomes.write(line);
                            }
                        });
            }
        });
        camel.start();
        System.out.println(STARTED);
        System.out.flush();
        Thread.currentThread().join();
    }
}

package io.github.camelicsoc.support;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.CamelContext;

/**
 * A records node for {@code RecordsKillTest}, run in its own JVM: the records routes for both types with file
 * repositories in a data folder (or recordsStore=jdbc on a database), each delivered record appended to
 * {@code delivered.txt} in that folder as one line written straight to the file (a killed process cannot lose it).
 * The route fails one exchange in a hundred.
 * <p>
 * Arguments: the simulator's base URL, the data folder, the seed of the route's failures; for recordsStore=jdbc then
 * the JDBC URL, user, password and markBatchSize.
 */
public final class RecordsNode {

    /** Printed once the routes are started. */
    public static final String STARTED = "records node started";

    private RecordsNode() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path data = Path.of(args[1]);
        Random routeFaults = new Random(Long.parseLong(args[2]));
        OutputStream delivered = new FileOutputStream(data.resolve("delivered.txt").toFile(), true);

        DataSource database = null;
        int markBatchSize = 0;
        if (args.length > 3) {
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(args[3]);
            pool.setUsername(args[4]);
            pool.setPassword(args[5]);
            pool.setMaximumPoolSize(4);
            database = new HikariDataSource(pool);
            markBatchSize = Integer.parseInt(args[6]);
        }
        CamelContext camel = ChaosDay.recordsNode(baseUrl, data, null, routeFaults, () -> {
        }, identity -> {
            byte[] line = (identity + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (delivered) {
                // one write straight to the file: once it returns, a SIGKILL cannot undo it
                delivered.write(line);
            }
        }, database, markBatchSize);
        camel.start();
        System.out.println(STARTED);
        System.out.flush();
        Thread.currentThread().join();
    }
}

package io.github.camelicsoc.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server of the test's own, on a free loopback port in a temporary directory, that the test may freeze
 * (SIGSTOP) and thaw (SIGCONT) without touching any other server. Built from the machine's PostgreSQL binaries: the
 * directory of {@code icsoc.pg.bin} / {@code ICSOC_PG_BIN}, else {@code pg_config --bindir}. Without them the test is
 * skipped, saying so, unless the databases are required ({@link TestDatabase#REQUIRED}). PostgreSQL refuses to run as
 * root: as root, the server runs as the user {@code postgres}.
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Process server;

    private PrivatePostgres(Path directory, int port, Process server) {
        this.directory = directory;
        this.port = port;
        this.server = server;
    }

    /** Starts a fresh server and waits until it takes connections. */
    public static PrivatePostgres start() throws Exception {
        Path bin = binaries();
        Path directory = Files.createTempDirectory("icsoc-private-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres:postgres", directory.toString()));
        }
        Path data = directory.resolve("data");
        run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8")));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process server = new ProcessBuilder(asServerUser(root, List.of(bin.resolve("postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + directory, "-c", "fsync=off", "-c", "shared_buffers=16MB")))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("server.log").toFile())
                .start();
        PrivatePostgres pg = new PrivatePostgres(directory, port, server);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = DriverManager.getConnection(pg.url(), "postgres", "")) {
                return pg;
            } catch (SQLException notYet) {
                if (!server.isAlive() || System.nanoTime() > until) {
                    pg.close();
                    throw new IllegalStateException("The private PostgreSQL did not start: "
                                                    + Files.readString(directory.resolve("server.log")));
                }
                Thread.sleep(200);
            }
        }
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** What the server logged so far (its errors included). */
    public String serverLog() throws IOException {
        return Files.readString(directory.resolve("server.log"));
    }

    /** A plain, non-pooled DataSource on this server: each connection opened anew, as the shipped examples show. */
    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser("postgres");
        return ds;
    }

    /** A HikariCP pool on this server, as the README advises: its connections stay open between polls. */
    public HikariDataSource pooledDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setPoolName("private-postgres-" + port);
        return new HikariDataSource(config);
    }

    /** Stops the server and every backend process it forked: it keeps its connections but answers nothing. */
    public void freeze() throws Exception {
        signal("-STOP");
    }

    public void thaw() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        // the server first, so that it forks no new backend meanwhile; a backend may end before its signal arrives
        run(List.of("kill", signal, Long.toString(server.pid())));
        for (ProcessHandle backend : server.descendants().toList()) {
            new ProcessBuilder("kill", signal, Long.toString(backend.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (server.isAlive()) {
                thaw();
                // fast shutdown: the server ends its backends and exits
                run(List.of("kill", "-INT", Long.toString(server.pid())));
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.descendants().forEach(ProcessHandle::destroyForcibly);
                    server.destroyForcibly();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> as = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
        as.addAll(command);
        return as;
    }

    private static Path binaries() throws InterruptedException {
        String configured = System.getProperty("icsoc.pg.bin", System.getenv("ICSOC_PG_BIN"));
        Path bin = null;
        if (configured != null && !configured.isBlank()) {
            bin = Path.of(configured);
        } else {
            try {
                Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (p.waitFor() == 0) {
                    bin = Path.of(out);
                }
            } catch (IOException noPgConfig) {
                // no pg_config on the PATH
            }
        }
        if (bin == null || !Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("postgres"))) {
            String why = "No PostgreSQL server binaries (initdb, postgres) found"
                         + (bin == null ? " (no pg_config on the PATH)" : " in " + bin)
                         + "; set -Dicsoc.pg.bin or ICSOC_PG_BIN to their directory.";
            if (TestDatabase.REQUIRED) {
                Assertions.fail(why + " The database tests are required here (icsoc.requireDatabases).");
            }
            System.out.println("SKIPPED private PostgreSQL test: " + why);
            Assumptions.abort(why);
        }
        return bin;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}

package io.github.camelicsoc.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real database for a test, in a schema (PostgreSQL) or database (MariaDB) of its own that is dropped again at
 * {@link #close()}, so that tests sharing a server never see each other's tables.
 * <p>
 * Where the servers are: the system properties {@code icsoc.db.postgresql.url}, {@code .user}, {@code .password}
 * (and {@code icsoc.db.mariadb.*}), else the environment variables {@code ICSOC_DB_POSTGRESQL_URL}, ... , else
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres} and {@code jdbc:mariadb://127.0.0.1:3306/test} as
 * {@code root} with an empty password. When a server cannot be reached the test is skipped, saying so, unless the
 * system property {@code icsoc.requireDatabases} or the environment variable {@code ICSOC_REQUIRE_DATABASES} is
 * {@code true} (CI sets it): then it fails.
 */
public final class TestDatabase implements AutoCloseable {

    /** The databases the records store is tested on. */
    public enum Kind {
        POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
        MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root"),
        H2(null, "sa");

        final String defaultUrl;
        final String defaultUser;

        Kind(String defaultUrl, String defaultUser) {
            this.defaultUrl = defaultUrl;
            this.defaultUser = defaultUser;
        }

        String setting(String name, String fallback) {
            String key = name().toLowerCase(Locale.ROOT);
            String value = System.getProperty("icsoc.db." + key + "." + name);
            if (value == null || value.isBlank()) {
                value = System.getenv("ICSOC_DB_" + name() + "_" + name.toUpperCase(Locale.ROOT));
            }
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    /** Whether a missing server fails the test instead of skipping it. */
    public static final boolean REQUIRED = Boolean.getBoolean("icsoc.requireDatabases")
                                           || "true".equalsIgnoreCase(System.getenv("ICSOC_REQUIRE_DATABASES"));

    private final Kind kind;
    private final String schema;
    private final String url;
    private final String user;
    private final String password;
    private final String serverUrl;
    private HikariDataSource pool;

    private TestDatabase(Kind kind, String schema, String serverUrl, String url, String user, String password) {
        this.kind = kind;
        this.schema = schema;
        this.serverUrl = serverUrl;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A fresh schema on the server of {@code kind}; skips (or, when required, fails) the test without a server. */
    public static TestDatabase open(Kind kind) {
        String schema = "icsoc_t" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        if (kind == Kind.H2) {
            return new TestDatabase(kind, schema, null, "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
        String serverUrl = kind.setting("url", kind.defaultUrl);
        String user = kind.setting("user", kind.defaultUser);
        String password = kind.setting("password", "");
        String how = "Set -Dicsoc.db." + kind.name().toLowerCase(Locale.ROOT) + ".url (.user, .password) or ICSOC_DB_"
                     + kind.name() + "_URL to point at the server; CI (.ci/run) requires it.";
        try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement s = c.createStatement()) {
            s.execute(kind == Kind.POSTGRESQL ? "CREATE SCHEMA " + schema : "CREATE DATABASE " + schema);
        } catch (SQLException e) {
            String why = kind + " is not reachable at " + serverUrl + " as " + user + " (" + e.getMessage() + ").";
            if (REQUIRED) {
                Assertions.fail(why + " The database tests are required here (icsoc.requireDatabases). " + how);
            }
            String line = "SKIPPED database test: " + why + " " + how;
            System.out.println(line);
            System.err.println(line);
            Assumptions.abort(line);
        }
        return new TestDatabase(kind, schema, serverUrl, inSchema(kind, serverUrl, schema), user, password);
    }

    private static String inSchema(Kind kind, String serverUrl, String schema) {
        if (kind == Kind.POSTGRESQL) {
            return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        // jdbc:mariadb://host:port/database?options: the database is the schema
        int slash = serverUrl.indexOf('/', "jdbc:mariadb://".length());
        int query = serverUrl.indexOf('?');
        String options = query < 0 ? "" : serverUrl.substring(query);
        return (slash < 0 ? serverUrl : serverUrl.substring(0, slash)) + "/" + schema + options;
    }

    public Kind kind() {
        return kind;
    }

    /** The JDBC URL of this test's schema. */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A pool on this test's schema, as Spring Boot applications have (HikariCP), closed with the database. */
    public synchronized HikariDataSource dataSource() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(4);
            config.setPoolName("test-" + schema);
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    /** Closes the pool and opens another: what a restarted process has. */
    public synchronized HikariDataSource reopenDataSource() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        return dataSource();
    }

    /** A new connection to this test's schema, outside the pool. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
        String drop = switch (kind) {
            case POSTGRESQL -> "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
            case MARIADB -> "DROP DATABASE IF EXISTS " + schema;
            case H2 -> "SHUTDOWN";
        };
        try (Connection c = kind == Kind.H2 ? connect() : DriverManager.getConnection(serverUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute(drop);
        } catch (SQLException e) {
            System.err.println("could not drop the test schema " + schema + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return kind.toString();
    }
}

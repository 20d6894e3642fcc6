package io.github.camelicsoc.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Run by the build before the tests (see the pom): says on the console whether the database tests will run against
 * PostgreSQL and MariaDB or be skipped, and how to run them; fails the build when they are required and a server is
 * missing. The tests print the same to their own output (which Surefire keeps in a file).
 */
public final class DatabaseCheck {

    private DatabaseCheck() {
    }

    public static void main(String[] args) {
        DriverManager.setLoginTimeout(5);
        StringBuilder missing = new StringBuilder();
        for (TestDatabase.Kind kind : new TestDatabase.Kind[] { TestDatabase.Kind.POSTGRESQL, TestDatabase.Kind.MARIADB }) {
            String url = kind.setting("url", kind.defaultUrl);
            String user = kind.setting("user", kind.defaultUser);
            try (Connection c = DriverManager.getConnection(url, user, kind.setting("password", ""))) {
                System.out.println("[database tests] " + kind + " at " + url + " as " + user + ": reachable, its tests run");
            } catch (SQLException e) {
                String name = kind.name().toLowerCase(Locale.ROOT);
                String line = "[database tests] " + kind + " at " + url + " as " + user + " is not reachable ("
                              + e.getMessage() + "): " + (TestDatabase.REQUIRED ? "required here, so the build fails"
                                      : "its tests are SKIPPED") + ". To run them, start the server or set"
                              + " -Dicsoc.db." + name + ".url (.user, .password) or ICSOC_DB_" + kind.name() + "_URL;"
                              + " ICSOC_REQUIRE_DATABASES=true (as .ci/run sets) makes a missing server fail the build.";
                System.out.println(line);
                missing.append(kind).append(' ');
            }
        }
        if (TestDatabase.REQUIRED && !missing.isEmpty()) {
            throw new IllegalStateException("The database tests are required (ICSOC_REQUIRE_DATABASES or"
                                            + " -Dicsoc.requireDatabases) but these servers are missing: " + missing);
        }
    }
}

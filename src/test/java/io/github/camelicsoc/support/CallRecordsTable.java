package io.github.camelicsoc.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code call_records} table the database examples write to (routes-examples/records-table.sql): by default in an
 * H2 file of the test's own, or on a PostgreSQL server set up the way the README says; it hands the example its
 * {@code db.*} properties and reads the rows back.
 */
public final class CallRecordsTable {

    private static final Path TABLE_SQL = Path.of("routes-examples/records-table.sql");

    private String dataSourceClass = "org.h2.jdbcx.JdbcDataSource";
    private String url;
    private String user = "sa";
    private String password = "";

    /** The table in an H2 file under {@code dir}, created by the example's own SQL script when first opened. */
    public CallRecordsTable(Path dir) {
        // kept open for the test's JVM: contexts and the test's reads each open and close connections, and a file
        // database reopened while it closes was once found empty
        this.url = "jdbc:h2:file:" + dir.resolve("records") + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1"
                   + ";INIT=RUNSCRIPT FROM '" + TABLE_SQL + "'";
    }

    /** Moves the table to PostgreSQL: the README's steps, the table from records-table.sql, then its settings. */
    public CallRecordsTable onPostgreSql(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(Files.readString(TABLE_SQL));
        }
        dataSourceClass = "org.postgresql.ds.PGSimpleDataSource";
        url = db.url();
        user = db.user();
        password = db.password();
        return this;
    }

    /** The example's {@code db.*} properties for this table. */
    public ExampleRunner applyTo(ExampleRunner runner) {
        return runner.property("db.dataSource", dataSourceClass)
                .property("db.url", url)
                .property("db.user", user)
                .property("db.password", password);
    }

    /** Each row of {@code call_records} (ordered by called number) as the named columns joined with '|'. */
    public List<String> rows(String... columns) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url, user, password);
             ResultSet rs = db.createStatement().executeQuery(
                     "SELECT " + String.join(", ", columns) + " FROM call_records ORDER BY called")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns.length; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getObject(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}

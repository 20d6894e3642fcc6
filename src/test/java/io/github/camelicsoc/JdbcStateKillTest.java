package io.github.camelicsoc;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelicsoc.jdbc.JdbcStateRepository;
import io.github.camelicsoc.support.TestDatabase;
import io.github.camelicsoc.support.WatermarkWriter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed with SIGKILL while it writes watermarks in a loop never leaves a half-written one: each time, the
 * stored value is exactly one of the values written, and no write that had returned is lost.
 */
class JdbcStateKillTest {

    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWriterKilledMidWriteLeavesAWholeWatermark(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            // H2 in a file, since two processes cannot share an in-memory database; H2 writes a commit to disk up to
            // half a second later unless WRITE_DELAY=0 (without it this test loses acknowledged writes on H2)
            String url = kind == TestDatabase.Kind.H2 ? "jdbc:h2:file:" + dir.resolve("state") + ";WRITE_DELAY=0" : db.url();
            Random when = new Random(20261128L + kind.ordinal());
            for (int kill = 1; kill <= KILLS; kill++) {
                File out = dir.resolve("writer-" + kill + ".log").toFile();
                Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        WatermarkWriter.class.getName(), url, db.user(), db.password())
                        .redirectErrorStream(true).redirectOutput(out).start();
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> read(out).contains("wrote ") || !writer.isAlive());
                    assertTrue(writer.isAlive(), "the writer died: " + read(out));
                    Thread.sleep(200 + when.nextInt(800));
                } finally {
                    writer.destroyForcibly();
                    assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the killed writer is gone");
                }
                long acknowledged = lastWritten(read(out));
                String stored = storedWatermark(url, db);
                long n = WatermarkWriter.numberOf(stored);
                assertTrue(n >= 0, "kill " + kill + " left a value that was never written: '" + stored + "'");
                // the write in flight may or may not have landed; every write that returned did
                assertTrue(n == acknowledged || n == acknowledged + 1,
                        "kill " + kill + ": stored #" + n + ", last acknowledged #" + acknowledged);
                assertTrue(acknowledged > 10 * kill, "the writer was writing: " + acknowledged);
            }
        }
    }

    private static String storedWatermark(String url, TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(db.user());
        config.setPassword(db.password());
        try (HikariDataSource ds = new HikariDataSource(config)) {
            JdbcStateRepository watermarks = new JdbcStateRepository(ds);
            watermarks.start();
            return watermarks.getState(WatermarkWriter.KEY);
        }
    }

    private static long lastWritten(String log) {
        List<String> lines = log.lines().filter(l -> l.matches("wrote \\d+")).toList();
        assertEquals(false, lines.isEmpty(), "the writer acknowledged writes: " + log);
        return Long.parseLong(lines.get(lines.size() - 1).substring("wrote ".length()));
    }

    private static String read(File file) {
        try {
            return Files.readString(file.toPath(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }
}

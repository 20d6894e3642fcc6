package io.github.camelicsoc.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node of a kill test: a main class in a JVM of its own, on the test's class path, logging WARN and above to
 * {@code node-<incarnation>.log} in the test's folder, so that the test can SIGKILL it and read what it said.
 */
public final class NodeJvm {

    private NodeJvm() {
    }

    /**
     * Starts {@code main} with {@code arguments}, adds the process to {@code nodes} (for the test's clean-up, even if
     * the start fails), and waits until its log shows {@code started}.
     */
    public static Process start(Path dir, int incarnation, Collection<Process> nodes, String started, Class<?> main,
            String... arguments) throws IOException {
        Path logConfig = logConfiguration(dir, "");
        File log = dir.resolve("node-" + incarnation + ".log").toFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + logConfig.toUri(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        nodes.add(node);
        await("node " + incarnation + " starting").atMost(Duration.ofSeconds(120))
                .until(() -> read(log).contains(started) || !node.isAlive());
        assertTrue(node.isAlive(), "node " + incarnation + " died: " + read(log));
        return node;
    }

    /**
     * The node JVMs' log configuration in {@code dir}, written once: WARN and above to standard error, plus
     * {@code moreLines} (more loggers, as properties lines); its path, for {@code -Dlog4j2.configurationFile}.
     */
    public static Path logConfiguration(Path dir, String moreLines) throws IOException {
        Path logConfig = dir.resolve("log4j2-node.properties");
        if (!Files.exists(logConfig)) {
            Files.writeString(logConfig, """
                    appender.err.type = Console
                    appender.err.name = err
                    appender.err.target = SYSTEM_ERR
                    appender.err.layout.type = PatternLayout
                    appender.err.layout.pattern = %d %-5level [%t] %c{1} - %msg%n
                    rootLogger.level = WARN
                    rootLogger.appenderRef.err.ref = err
                    """ + moreLines);
        }
        return logConfig;
    }

    private static String read(File file) {
        try {
            return Files.readString(file.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package io.github.camelicsoc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own for what must not share the benchmark's: the stub, and the probes that count threads, measure the
 * heap or time a cold start. It runs the benchmark's classpath; a probe reports on its standard output in lines
 * {@code result key=value key=value ...}.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static ProcessBuilder builder(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /** What a probe reported, and how it ended. */
    record Outcome(int exitCode, List<Map<String, String>> results, List<String> output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of output, to say why a probe failed. */
        String tail() {
            return String.join(" | ", output.subList(Math.max(0, output.size() - 3), output.size()));
        }
    }

    /** Runs a probe to its end (killing it after {@code timeoutSeconds}) and collects its result lines. */
    static Outcome run(List<String> jvmOptions, Class<?> main, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Process process = builder(jvmOptions, main, args).start();
        process.getOutputStream().close();
        List<String> output = new ArrayList<>();
        List<Map<String, String>> results = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                        if (line.startsWith("result ")) {
                            results.add(parse(line.substring("result ".length())));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "probe-output");
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        reader.join(5000);
        synchronized (output) {
            return new Outcome(process.exitValue(), List.copyOf(results), List.copyOf(output));
        }
    }

    static Map<String, String> parse(String pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return map;
    }

    /** A probe's result line. */
    static void report(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder("result");
        values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
        System.out.flush();
    }
}

package io.github.camelicsoc.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a reliability test measured, printed and written to {@code target/reliability/<name>.txt} so that
 * RELIABILITY.md can quote an actual run.
 */
public final class Figures {

    private final String name;
    private final Map<String, Object> values = new LinkedHashMap<>();

    public Figures(String name) {
        this.name = name;
    }

    public Figures put(String figure, Object value) {
        values.put(figure, value);
        return this;
    }

    /** Prints the figures and writes them to target/reliability/{name}.txt. */
    public void report() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        System.out.println("== " + name + "\n" + sb);
        try {
            Path dir = Path.of("target", "reliability");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

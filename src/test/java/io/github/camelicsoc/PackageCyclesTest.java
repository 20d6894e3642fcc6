package io.github.camelicsoc;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No two packages of the component depend on each other, directly or through others: a package can be read, and
 * changed, knowing only the packages below it.
 * <p>
 * Dependencies are taken from two sides, as each misses something: the compiled classes (jdeps sees every type a
 * class uses, also one reached through a method's return type without an import), and the sources' imports (a
 * constant such as a header name is copied into the class that uses it, so jdeps does not see it).
 */
class PackageCyclesTest {

    private static final String ROOT = "io.github.camelicsoc";

    @Test
    void noPackageDependsOnItselfThroughOthers() throws Exception {
        Map<String, Set<String>> uses = new TreeMap<>();
        classDependencies(uses);
        importDependencies(uses);
        assertTrue(uses.containsKey(ROOT + ".records") && uses.containsKey(ROOT + ".client"),
                "the dependencies of the main packages were read: " + uses.keySet());

        List<String> cycles = new ArrayList<>();
        for (String pkg : uses.keySet()) {
            List<String> path = pathBack(uses, pkg);
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "package cycles in src/main (each package that is on one, with a path back to"
                                        + " itself); move what the lower package needs into it, or behind an"
                                        + " interface it owns");
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of());
        assertEquals(List.of("a", "b", "c", "a"), pathBack(uses, "a"));
        assertEquals(null, pathBack(uses, "d"));
    }

    /** A path from {@code start} back to itself, or null; depth-first, so the path found is one of the cycles. */
    private static List<String> pathBack(Map<String, Set<String>> uses, String start) {
        List<String> path = new ArrayList<>(List.of(start));
        return walk(uses, start, path, new TreeSet<>()) ? path : null;
    }

    private static boolean walk(Map<String, Set<String>> uses, String at, List<String> path, Set<String> seen) {
        for (String next : new TreeSet<>(uses.getOrDefault(at, Set.of()))) {
            if (next.equals(path.get(0))) {
                path.add(next);
                return true;
            }
            if (seen.add(next)) {
                path.add(next);
                if (walk(uses, next, path, seen)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    /** jdeps over the compiled main classes: "pkg -> other-pkg" lines, one per package pair. */
    private static void classDependencies(Map<String, Set<String>> uses) throws Exception {
        Path classes = Path.of(IcsocComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
        assertTrue(jdeps != null, "jdeps is part of the JDK the tests run on (module jdk.jdeps)");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:package",
                classes.toString());
        assertEquals(0, exit, "jdeps ran: " + err);
        Pattern edge = Pattern.compile("^\\s*(" + Pattern.quote(ROOT) + "[\\w.]*)\\s+->\\s+(" + Pattern.quote(ROOT)
                                       + "[\\w.]*)\\s", Pattern.MULTILINE);
        Matcher m = edge.matcher(out + " ");
        while (m.find()) {
            add(uses, m.group(1), m.group(2));
        }
    }

    /** The imports of the main sources, written and generated (a type or a static member of another package). */
    private static void importDependencies(Map<String, Set<String>> uses) throws IOException {
        for (String dir : List.of("src/main/java", "src/generated/java")) {
            importDependencies(Path.of(dir), uses);
        }
    }

    private static void importDependencies(Path dir, Map<String, Set<String>> uses) throws IOException {
        Pattern packageLine = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
        Pattern importLine = Pattern.compile("^import\\s+(?:static\\s+)?(" + Pattern.quote(ROOT)
                                             + "(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);
        try (Stream<Path> sources = Files.walk(dir)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                Matcher pkg = packageLine.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                Matcher m = importLine.matcher(text);
                while (m.find()) {
                    add(uses, pkg.group(1), m.group(1));
                }
            }
        }
    }

    private static void add(Map<String, Set<String>> uses, String from, String to) {
        uses.computeIfAbsent(from, k -> new TreeSet<>());
        uses.computeIfAbsent(to, k -> new TreeSet<>());
        if (!from.equals(to)) {
            uses.get(from).add(to);
        }
    }
}

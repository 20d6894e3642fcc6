package io.github.camelicsoc.publish;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jars this build packaged, found through the properties the failsafe run passes (integration tests run after
 * the package phase).
 */
final class BuiltJars {

    private BuiltJars() {
    }

    static String version() {
        return required("icsoc.version");
    }

    static Path basedir() {
        return Path.of(required("icsoc.basedir"));
    }

    /** The jar with the given classifier ({@code ""} for the main jar), which must exist. */
    static Path jar(String classifier) {
        Path jar = Path.of(required("icsoc.build"))
                .resolve(required("icsoc.finalName") + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
        assertTrue(Files.isRegularFile(jar), "the build packaged " + jar.getFileName());
        return jar;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null && !value.isBlank(), "run by failsafe with -D" + property);
        return value;
    }
}

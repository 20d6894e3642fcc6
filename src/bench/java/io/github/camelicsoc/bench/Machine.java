package io.github.camelicsoc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import com.sun.management.OperatingSystemMXBean;
import org.apache.camel.impl.DefaultCamelContext;

/** What the benchmark ran on. */
final class Machine {

    private Machine() {
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String describe(double loadAtStart, double loadAtEnd, long seconds) {
        Runtime runtime = Runtime.getRuntime();
        long memory = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        StringBuilder md = new StringBuilder();
        md.append("| | |\n|---|---|\n");
        md.append(Stats.f("| date | %s |\n",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))));
        md.append(Stats.f("| cores | %d (%s) |\n", runtime.availableProcessors(), cpuModel().orElse("model unknown")));
        md.append(Stats.f("| memory | %.1f GiB |\n", memory / (1024.0 * 1024 * 1024)));
        md.append(Stats.f("| OS | %s %s (%s) |\n", System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch")));
        md.append(Stats.f("| JVM | %s %s (%s) |\n", System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), System.getProperty("java.vm.vendor")));
        md.append(Stats.f("| Camel | %s |\n", new DefaultCamelContext().getVersion()));
        md.append(Stats.f("| load average | %.2f at the start, %.2f at the end (the machine is shared) |\n",
                loadAtStart, loadAtEnd));
        md.append(Stats.f("| run time | %d min %02d s |\n", seconds / 60, seconds % 60));
        return md.toString();
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

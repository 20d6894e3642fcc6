package io.github.camelicsoc;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.builder.RouteBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where large records answers are spooled, how large one may be, and that no spool file outlives its poll.
 */
class RecordsSpoolTest extends RecordsTestSupport {

    @TempDir
    Path spool;

    /** 3,000 inbound records: an answer of about 900 KB, spooled to a file. */
    private void aLargeAnswer() {
        sim.addInboundRecords(3_000, platformNow().minusMinutes(50), Duration.ofMinutes(40));
    }

    private List<String> spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private RecordsConsumer recordsConsumer() {
        return (RecordsConsumer) context.getRoute("records").getConsumer();
    }

    @Test
    void aSpooledAnswerIsRemovedOnceItsPollSucceeded() throws Exception {
        aLargeAnswer();
        List<List<String>> seenWhileDelivering = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&startTime=1h&spoolDirectory=" + spool + "&" + FAST).routeId("records")
                        .process(e -> {
                            if (e.getProperty("CamelBatchIndex", Integer.class) == 0) {
                                seenWhileDelivering.add(spoolFiles());
                            }
                        })
                        .to("mock:records");
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records().getReceivedCounter() == 3_000);
        assertEquals(1, seenWhileDelivering.get(0).size(), "the answer was spooled in the configured directory");
        assertTrue(seenWhileDelivering.get(0).get(0).startsWith("icsoc-records-"));
        context.getRouteController().stopRoute("records");
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void anAnswerOverTheCapFailsThePollTypedLeavesTheWatermarkAndItsSpoolIsRemoved() throws Exception {
        aLargeAnswer();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IcsocException.class).handled(true).process(e -> failures.add(
                        e.getProperty("CamelExceptionCaught", Throwable.class)));
                from("icsoc:records?type=400&startTime=1h&maxRecordsDownload=400000&bridgeErrorHandler=true"
                     + "&spoolDirectory=" + spool + "&" + FAST).routeId("records").to("mock:records");
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failures.size() >= 2);
        IcsocException e = (IcsocException) failures.get(0);
        assertEquals(IcsocException.Kind.BAD_RESPONSE, e.getKind());
        assertTrue(e.getMessage().contains("larger than maxRecordsDownload (400000 bytes)"), e.getMessage());
        assertEquals(0, records().getReceivedCounter());
        assertEquals(List.of(io.github.camelicsoc.client.PlatformTime.format(recordsConsumer().getWatermark())),
                sim.queries().stream().map(q -> q.startTime()).distinct().toList(),
                "the watermark stays at startTime: every poll asks from there again");
        assertTrue(recordsConsumer().getPollsFailedByKind().contains("BAD_RESPONSE="), recordsConsumer().getPollsFailedByKind());
        context.getRouteController().stopRoute("records");
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void aSpooledAnswerThatCannotBeReadIsRemoved() throws Exception {
        aLargeAnswer();
        // cut in the middle, well past the 256 KiB kept in memory
        sim.rewriteRecordAnswers(body -> body.length() > 600_000 ? body.substring(0, 600_000) : body);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IcsocException.class).handled(true).process(e -> failures.add(
                        e.getProperty("CamelExceptionCaught", Throwable.class)));
                from("icsoc:records?type=400&startTime=1h&bridgeErrorHandler=true&spoolDirectory=" + spool + "&" + FAST)
                        .routeId("records").to("mock:records");
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failures.size() >= 2);
        assertTrue(failures.get(0).getMessage().contains("not valid JSON"), failures.get(0).getMessage());
        context.getRouteController().stopRoute("records");
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void withoutASpoolDirectoryAnswersSpoolWhereCamelsStreamCacheSpools() throws Exception {
        context.getStreamCachingStrategy().setSpoolEnabled(true);
        context.getStreamCachingStrategy().setSpoolDirectory(spool.toFile());
        aLargeAnswer();
        List<List<String>> seenWhileDelivering = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&startTime=1h&" + FAST).routeId("records")
                        .process(e -> {
                            if (e.getProperty("CamelBatchIndex", Integer.class) == 0) {
                                seenWhileDelivering.add(spoolFiles());
                            }
                        })
                        .to("mock:records");
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records().getReceivedCounter() == 3_000);
        assertFalse(seenWhileDelivering.get(0).isEmpty(), "spooled in the stream cache's directory");
        context.getRouteController().stopRoute("records");
        assertEquals(List.of(), spoolFiles());
        assertTrue(new File(spool.toFile(), ".").exists());
    }
}

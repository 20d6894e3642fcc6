package io.github.camelicsoc.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.CrmStandIn;
import io.github.camelicsoc.support.ExampleRunner;

/**
 * The main job: runs the click-to-call, records-to-database and inbound-to-crm flows from routes-examples/ in Camel
 * Main against an embedded icsoc simulator and a stand-in CRM, drives a handful of calls through POST /calls (some
 * of which are refused), waits until their records have arrived, and prints a report. Exits 0 only when every
 * number adds up. {@code --keep-running} leaves everything up for a person to try with curl.
 * <p>
 * With ICSOC_BASE_URL, ICSOC_VCC_CODE and ICSOC_SECRET set, the flows talk to that platform instead; the demo then
 * places no calls by itself (they would ring real phones) and keeps running for a person to place them.
 */
public final class ExamplesDemo {

    static final String[] FLOWS = { "click-to-call.yaml", "records-to-database.yaml", "inbound-to-crm.yaml" };
    static final Path WORK = Path.of("target", "icsoc-demo");
    static final String DB_URL = "jdbc:h2:file:./target/icsoc-demo/records;MODE=PostgreSQL;"
                                 + "INIT=RUNSCRIPT FROM 'routes-examples/records-table.sql'";

    /** A request to POST /calls and the HTTP status the flow should answer. */
    private record Sample(String json, int expectedStatus) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("{\"agent\": \"13800138000\", \"customer\": \"13900139001\"}", 202),
            new Sample("{\"agent\": \"13800138000\", \"customer\": \"13900139002\", \"mode\": \"axb\"}", 202),
            new Sample("{\"agent\": \"13800138001\", \"customer\": \"010-6212 3456\"}", 202),
            new Sample("{\"agent\": \"13800138000\", \"customer\": \"call me\"}", 422),
            new Sample("{\"agent\": \"13800138000\", \"customer\": \"13700000405\"}", 422),
            new Sample("{\"agent\": \"13800138000\"}", 400));

    private static final int INBOUND_CALLS = 6;
    private static final String CALLER_THE_CRM_REFUSES = "13500000000";

    private ExamplesDemo() {
    }

    public static void main(String[] args) throws Exception {
        boolean keepRunning = Arrays.asList(args).contains("--keep-running");
        int status = System.getenv("ICSOC_BASE_URL") != null
                ? realPlatform(System.out)
                : run(keepRunning, System.out);
        System.exit(status);
    }

    /** Runs the demo against the simulator; returns 0 when every number adds up. */
    static int run(boolean keepRunning, PrintStream out) throws Exception {
        deleteWork();
        try (IcsocSimulator sim = IcsocSimulator.start();
             CrmStandIn crm = new CrmStandIn().refuseCaller(CALLER_THE_CRM_REFUSES)) {
            sim.failCallsTo("13700000405");
            LocalDateTime hourAgo = sim.now().minusHours(1);
            for (int i = 0; i < INBOUND_CALLS - 1; i++) {
                sim.addRecord(SimRecord.inbound("1360000000" + i, IcsocSimulator.OWN_400_NUMBER, hourAgo.plusMinutes(i * 7),
                        45, "in-" + i));
            }
            sim.addRecord(SimRecord.inbound(CALLER_THE_CRM_REFUSES, IcsocSimulator.OWN_400_NUMBER, hourAgo.plusMinutes(50),
                    45, "in-refused"));

            try (ExampleRunner flows = new ExampleRunner(sim, FLOWS)
                    .property("crm.url", crm.url())
                    .property("db.url", DB_URL)
                    .property("records.delay", "500")
                    .property("records.settle", "0")
                    .start()) {
                out.println("icsoc simulator on " + sim.baseUrl() + ", CRM stand-in on " + crm.url()
                            + ", click-to-call on " + flows.httpBaseUrl() + "/calls");
                out.println();
                int placed = 0;
                int wrong = 0;
                for (Sample s : SAMPLES) {
                    HttpResponse<String> r = post(flows.httpBaseUrl() + "/calls", s.json());
                    placed += r.statusCode() == 202 ? 1 : 0;
                    boolean expected = r.statusCode() == s.expectedStatus();
                    wrong += expected ? 0 : 1;
                    out.printf("POST /calls %-70s -> %d %s%s%n", s.json(), r.statusCode(), r.body(),
                            expected ? "" : "   <-- expected " + s.expectedStatus());
                }
                int expectedPlaced = (int) SAMPLES.stream().filter(s -> s.expectedStatus() == 202).count();
                int expectedAtCrm = INBOUND_CALLS - 1;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((rows() < expectedPlaced || crm.accepted().size() < expectedAtCrm || deadLetters() < 1)
                       && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                // a little longer, so that anything delivered twice would show
                Thread.sleep(1500);

                int rows = rows();
                int atCrm = crm.accepted().size();
                int dead = deadLetters();
                out.println();
                out.println("Report");
                out.printf("  calls placed through POST /calls:           %d (platform saw %d call requests)%n", placed,
                        sim.calls().size());
                out.printf("  calls refused (422) or rejected (400):      %d%n", SAMPLES.size() - placed);
                out.printf("  two-way call records in the database:       %d (table call_records)%n", rows);
                out.printf("  inbound call records delivered to the CRM:  %d of %d%n", atCrm, INBOUND_CALLS);
                out.printf("  records the CRM refused, in dead letters:   %d (%s)%n", dead, WORK.resolve("dead-letters"));
                boolean adds = wrong == 0 && placed == expectedPlaced && rows == expectedPlaced
                               && atCrm == expectedAtCrm && dead == 1;
                out.println(adds ? "demo OK: every number adds up" : "demo FAILED: the numbers do not add up");
                if (keepRunning) {
                    out.println();
                    out.println("Still running. Try:");
                    out.println("  curl -s -X POST " + flows.httpBaseUrl() + "/calls -H 'Content-Type: application/json'"
                                + " -d '{\"agent\": \"13800138000\", \"customer\": \"13900139000\", \"mode\": \"classic\"}'");
                    out.println("Press Ctrl+C to stop.");
                    waitForever();
                }
                return adds ? 0 : 1;
            }
        }
    }

    /** The same flows against the platform the ICSOC_* variables name; places no calls by itself. */
    static int realPlatform(PrintStream out) throws Exception {
        deleteWork();
        try (CrmStandIn crm = new CrmStandIn();
             ExampleRunner flows = new ExampleRunner(FLOWS).property("crm.url", crm.url()).property("db.url", DB_URL)
                     .start()) {
            out.println("Flows running against " + System.getenv("ICSOC_BASE_URL") + ". Place a call with:");
            out.println("  curl -s -X POST " + flows.httpBaseUrl() + "/calls -H 'Content-Type: application/json'"
                        + " -d '{\"agent\": \"<agent phone>\", \"customer\": \"<customer phone>\"}'");
            out.println("Records arrive in the table call_records (H2, " + WORK + ") and at the CRM stand-in "
                        + crm.url() + ". Press Ctrl+C to stop.");
            waitForever();
            return 0;
        }
    }

    private static void waitForever() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }

    private static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int rows() {
        try (Connection db = DriverManager.getConnection(DB_URL, "sa", "");
             ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM call_records")) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            return 0;
        }
    }

    private static int deadLetters() throws IOException {
        Path dir = WORK.resolve("dead-letters");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.count();
        }
    }

    private static void deleteWork() throws IOException {
        if (Files.exists(WORK)) {
            try (Stream<Path> all = Files.walk(WORK)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.CrmStandIn;
import io.github.camelicsoc.support.CrmStandIn.TicketNote;
import io.github.camelicsoc.support.ExampleRunner;

/**
 * The main job: runs the click-to-call, records-to-database, inbound-to-crm and ticket-outcomes flows from
 * routes-examples/ in Camel Main against an embedded icsoc simulator and a stand-in CRM, drives a handful of calls
 * through POST /calls and POST /tickets/{ticket}/call (some of which are refused, one of whose record never comes),
 * waits until their records and outcomes have arrived, and prints a report with each ticket's outcome. Exits 0 only
 * when every number adds up. {@code --keep-running} leaves everything up for a person to try with curl.
 * <p>
 * With ICSOC_BASE_URL, ICSOC_VCC_CODE and ICSOC_SECRET set, the flows talk to that platform instead; the demo then
 * places no calls by itself (they would ring real phones) and keeps running for a person to place them.
 */
public final class ExamplesDemo {

    static final String[] FLOWS = { "click-to-call.yaml", "records-to-database.yaml", "inbound-to-crm.yaml",
        "ticket-outcomes.yaml" };
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

    /** A ticket's click-to-call: the customer called and the HTTP status the flow should answer. */
    private record TicketClick(String ticket, String customer, int expectedStatus) {
    }

    private static final String CUSTOMER_WITHOUT_RECORD = "13900139404";

    private static final List<TicketClick> TICKETS = List.of(
            new TicketClick("T-1001", "13900139101", 202),
            new TicketClick("T-1002", "13900139102", 202),
            new TicketClick("T-1003", CUSTOMER_WITHOUT_RECORD, 202),
            new TicketClick("T-1004", "13700000405", 422));

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
            // the platform never writes this call's record: its ticket's outcome says so
            sim.dropRecordsOfCallsTo(CUSTOMER_WITHOUT_RECORD);
            // each call lasts a little, as a real one does; its record comes once it has ended
            sim.callsLast(Duration.ofSeconds(2));
            LocalDateTime hourAgo = sim.now().minusHours(1);
            for (int i = 0; i < INBOUND_CALLS - 1; i++) {
                sim.addRecord(SimRecord.inbound("1360000000" + i, IcsocSimulator.OWN_400_NUMBER, hourAgo.plusMinutes(i * 7),
                        45, "in-" + i));
            }
            sim.addRecord(SimRecord.inbound(CALLER_THE_CRM_REFUSES, IcsocSimulator.OWN_400_NUMBER, hourAgo.plusMinutes(50),
                    45, "in-refused"));

            try (ExampleRunner flows = new ExampleRunner(sim, FLOWS)
                    .property("crm.url", crm.url())
                    .property("crm.ticketsUrl", crm.ticketsUrl())
                    .property("db.url", DB_URL)
                    .property("tickets.ringSeconds", "1")
                    .property("tickets.outcomeTimeout", "3s")
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
                for (TicketClick t : TICKETS) {
                    String json = "{\"agent\": \"13800138000\", \"customer\": \"" + t.customer() + "\"}";
                    HttpResponse<String> r = post(flows.httpBaseUrl() + "/tickets/" + t.ticket() + "/call", json);
                    boolean expected = r.statusCode() == t.expectedStatus();
                    wrong += expected ? 0 : 1;
                    out.printf("POST /tickets/%s/call %-55s -> %d %s%s%n", t.ticket(), json, r.statusCode(), r.body(),
                            expected ? "" : "   <-- expected " + t.expectedStatus());
                }
                int ticketCalls = (int) TICKETS.stream().filter(t -> t.expectedStatus() == 202).count();
                int ticketRecords = (int) TICKETS.stream()
                        .filter(t -> t.expectedStatus() == 202 && !t.customer().equals(CUSTOMER_WITHOUT_RECORD)).count();
                int expectedPlaced = (int) SAMPLES.stream().filter(s -> s.expectedStatus() == 202).count();
                int expectedRows = expectedPlaced + ticketRecords;
                int expectedAtCrm = INBOUND_CALLS - 1;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((rows() < expectedRows || crm.accepted().size() < expectedAtCrm || deadLetters() < 1
                        || crm.ticketNotes().size() < ticketCalls)
                       && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                // a little longer, so that anything delivered twice would show
                Thread.sleep(1500);

                int rows = rows();
                int atCrm = crm.accepted().size();
                int dead = deadLetters();
                out.println();
                out.println("Tickets and the outcome of the call placed for each");
                int ticketsRight = 0;
                for (TicketClick t : TICKETS) {
                    List<TicketNote> notes = crm.ticketNotes().stream().filter(n -> n.ticket().equals(t.ticket())).toList();
                    String expectedOutcome = t.expectedStatus() != 202 ? "none"
                            : t.customer().equals(CUSTOMER_WITHOUT_RECORD) ? "TIMED_OUT" : "RECORD";
                    boolean right = expectedOutcome.equals("none") ? notes.isEmpty()
                            : notes.size() == 1 && notes.get(0).outcome().equals(expectedOutcome)
                              && t.customer().equals(notes.get(0).body().get("called"));
                    ticketsRight += right ? 1 : 0;
                    out.printf("  %s  customer %s: %s%s%n", t.ticket(), t.customer(), describe(t, notes),
                            right ? "" : "   <-- expected " + expectedOutcome);
                }
                out.println();
                out.println("Report");
                out.printf("  calls placed through POST /calls:           %d (platform saw %d call requests)%n", placed,
                        sim.calls().size());
                out.printf("  calls refused (422) or rejected (400):      %d%n", SAMPLES.size() - placed);
                out.printf("  two-way call records in the database:       %d (table call_records)%n", rows);
                out.printf("  tickets with the right outcome:             %d of %d%n", ticketsRight, TICKETS.size());
                out.printf("  inbound call records delivered to the CRM:  %d of %d%n", atCrm, INBOUND_CALLS);
                out.printf("  records the CRM refused, in dead letters:   %d (%s)%n", dead, WORK.resolve("dead-letters"));
                boolean adds = wrong == 0 && placed == expectedPlaced && rows == expectedRows
                               && atCrm == expectedAtCrm && dead == 1 && ticketsRight == TICKETS.size();
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

    /** A ticket's outcomes as the CRM filed them, in a line. */
    private static String describe(TicketClick t, List<TicketNote> notes) {
        if (notes.isEmpty()) {
            return t.expectedStatus() == 202 ? "no outcome yet" : "refused when clicked, no outcome to wait for";
        }
        StringBuilder line = new StringBuilder();
        for (TicketNote note : notes) {
            Map<?, ?> body = note.body();
            line.append(line.isEmpty() ? "" : "; then ").append(note.outcome());
            if ("TIMED_OUT".equals(note.outcome())) {
                line.append(" (no record came for call ").append(body.get("callId")).append(')');
            } else {
                line.append(Boolean.TRUE.equals(body.get("connected")) ? " connected, " : " not connected, ")
                        .append(body.get("durationSeconds")).append(" s, agent ").append(note.agent())
                        .append(body.get("recordingUrl") == null ? ", no recording" : ", recording " + body.get("recordingUrl"));
            }
        }
        return line.toString();
    }

    /** The same flows against the platform the ICSOC_* variables name; places no calls by itself. */
    static int realPlatform(PrintStream out) throws Exception {
        deleteWork();
        try (CrmStandIn crm = new CrmStandIn();
             ExampleRunner flows = new ExampleRunner(FLOWS).property("crm.url", crm.url())
                     .property("crm.ticketsUrl", crm.ticketsUrl()).property("db.url", DB_URL)
                     .start()) {
            out.println("Flows running against " + System.getenv("ICSOC_BASE_URL") + ". Place a call with:");
            out.println("  curl -s -X POST " + flows.httpBaseUrl() + "/calls -H 'Content-Type: application/json'"
                        + " -d '{\"agent\": \"<agent phone>\", \"customer\": \"<customer phone>\"}'");
            out.println("or for a ticket, whose outcome is then filed at the CRM stand-in's " + crm.ticketsUrl() + ":");
            out.println("  curl -s -X POST " + flows.httpBaseUrl() + "/tickets/T-1/call -H 'Content-Type: application/json'"
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

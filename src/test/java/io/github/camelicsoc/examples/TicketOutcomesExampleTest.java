package io.github.camelicsoc.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.CrmStandIn;
import io.github.camelicsoc.support.CrmStandIn.TicketNote;
import io.github.camelicsoc.support.ExampleRunner;
import io.github.camelicsoc.support.RecordsTestSupport;
import io.github.camelicsoc.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ticket-outcomes.yaml: a ticket's click-to-call ends with that call's outcome written back to that ticket in the CRM,
 * exactly once: its record when one comes, TIMED_OUT when none does, nothing for a refused call (the refusal is the
 * answer to the click); then only a record that comes after its TIMED_OUT (LATE_RECORD) and newer states of a record. In memory, and on PostgreSQL with a restart between the placements and their outcomes.
 */
class TicketOutcomesExampleTest {

    private static final String AGENT = "13800138000";

    private final IcsocSimulator sim = IcsocSimulator.start();
    private final CrmStandIn crm;

    TicketOutcomesExampleTest() throws Exception {
        crm = new CrmStandIn();
        // a call's record appears a second after it was placed; the one to ...003 never does
        sim.callsLast(Duration.ofSeconds(1)).dropRecordsOfCallsTo("13900000003");
    }

    @AfterEach
    void stop() {
        crm.close();
        sim.close();
    }

    private ExampleRunner runner() {
        return new ExampleRunner(sim, "ticket-outcomes.yaml")
                .property("crm.ticketsUrl", crm.ticketsUrl())
                .property("tickets.ringSeconds", "1")
                .property("tickets.outcomeTimeout", "2s")
                .property("records.delay", "200")
                .property("records.settle", "0");
    }

    private static HttpResponse<String> click(ExampleRunner flows, String ticket, String customer) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(flows.httpBaseUrl() + "/tickets/" + ticket + "/call"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"agent\": \"" + AGENT + "\", \"customer\": \"" + customer + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Places the four tickets' calls; the call ids the platform answered, by ticket. */
    private static Map<String, String> clickFourTickets(ExampleRunner flows) throws Exception {
        Map<String, String> callIds = new TreeMap<>();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> placed = click(flows, "T-" + i, "1390000000" + i);
            assertEquals(202, placed.statusCode(), placed.body());
            String callId = placed.body().replaceAll(".*\"callId\": \"([^\"]+)\".*", "$1");
            callIds.put("T-" + i, callId);
        }
        HttpResponse<String> refused = click(flows, "T-4", "call me");
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"ticket\": \"T-4\""), refused.body());
        return callIds;
    }

    /** Each ticket has exactly one outcome, its own call's: T-1 and T-2 their records, T-3 TIMED_OUT, T-4 none. */
    private void assertEachTicketGotItsOwnCallsOutcomeOnce(Map<String, String> callIds) {
        Map<String, List<TicketNote>> byTicket = crm.ticketNotes().stream()
                .collect(Collectors.groupingBy(TicketNote::ticket));
        assertEquals(List.of("T-1", "T-2", "T-3"), byTicket.keySet().stream().sorted().toList(), byTicket.toString());
        for (int i = 1; i <= 3; i++) {
            List<TicketNote> notes = byTicket.get("T-" + i);
            assertEquals(1, notes.size(), "one outcome for T-" + i + ": " + notes);
            TicketNote note = notes.get(0);
            assertEquals(AGENT, note.agent(), "the carried agent header");
            assertEquals("1390000000" + i, note.body().get("called"), "T-" + i + " got its own call: " + note);
            if (i == 3) {
                assertEquals("TIMED_OUT", note.outcome());
                assertEquals("T-3", note.body().get("correlationKey"));
                assertEquals(callIds.get("T-3"), note.body().get("callId"));
            } else {
                assertEquals("RECORD", note.outcome());
                assertEquals(AGENT, note.body().get("caller"));
            }
        }
    }

    @Test
    void eachTicketGetsExactlyItsOwnCallsOutcome() throws Exception {
        try (ExampleRunner flows = runner().start()) {
            Map<String, String> callIds = clickFourTickets(flows);
            await("three tickets' outcomes").atMost(Duration.ofSeconds(30)).until(() -> crm.ticketNotes().size() >= 3);
            int queries = sim.queries().size();
            // more polls, so that an outcome delivered twice would show
            await("five more polls").atMost(Duration.ofSeconds(20)).until(() -> sim.queries().size() >= queries + 5);
            assertEachTicketGotItsOwnCallsOutcomeOnce(callIds);
        }
    }

    @Test
    void aRecordAfterTheTimeOutAndARecordingFilledInLaterUpdateTheirOwnTicket() throws Exception {
        // T-5's record comes only after its call timed out; T-6's recording is filled in after its first state
        String[] recordingOfT6 = {""};
        sim.twoWayRecordsCarryCallId(true).delayRecordsOfCallsTo("13900000005", Duration.ofSeconds(4))
                .rewriteRecordAnswers(RecordsTestSupport.editData(entries -> entries.forEach(e -> {
                    if ("13900000006".equals(e.path("called").asText())) {
                        ((ObjectNode) e).put("record_file", recordingOfT6[0]);
                    }
                })));
        try (ExampleRunner flows = runner().start()) {
            assertEquals(202, click(flows, "T-5", "13900000005").statusCode());
            assertEquals(202, click(flows, "T-6", "13900000006").statusCode());
            await("T-5 timed out, T-6 recorded").atMost(Duration.ofSeconds(30)).until(() -> outcomesOf("T-5").size() >= 1
                    && outcomesOf("T-6").size() >= 1);
            recordingOfT6[0] = "http://127.0.0.1/recordings/t6.mp3";
            await("T-5's late record, T-6's recording").atMost(Duration.ofSeconds(30))
                    .until(() -> outcomesOf("T-5").size() >= 2 && outcomesOf("T-6").size() >= 2);
            int queries = sim.queries().size();
            await("five more polls").atMost(Duration.ofSeconds(20)).until(() -> sim.queries().size() >= queries + 5);
        }
        assertEquals(List.of("TIMED_OUT", "LATE_RECORD"), outcomesOf("T-5").stream().map(TicketNote::outcome).toList());
        TicketNote late = outcomesOf("T-5").get(1);
        assertEquals("13900000005", late.body().get("called"), "T-5's own call: " + late);
        assertEquals(outcomesOf("T-5").get(0).body().get("callId"), late.body().get("callId"));

        List<TicketNote> t6 = outcomesOf("T-6");
        assertEquals(List.of("RECORD", "RECORD"), t6.stream().map(TicketNote::outcome).toList());
        assertEquals(Arrays.asList(null, "2"), t6.stream().map(TicketNote::version).toList(),
                "the first state unversioned, the newer one version 2");
        assertEquals("http://127.0.0.1/recordings/t6.mp3", t6.get(1).body().get("recordingUrl"));
        assertEquals(AGENT, t6.get(1).agent(), "the newer version carries the agent too");
    }

    private List<TicketNote> outcomesOf(String ticket) {
        return crm.ticketNotes().stream().filter(n -> n.ticket().equals(ticket)).toList();
    }

    @Test
    void onPostgreSqlAnOutcomeComesAfterARestartBetweenPlacementAndRecord() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.POSTGRESQL)) {
            Map<String, String> callIds;
            try (ExampleRunner placing = runner().property("camel.component.icsoc.recordsStore", "jdbc")
                    .property("camel.component.icsoc.dataSource", "#ticketsDatabase")
                    .bind("ticketsDatabase", db.dataSource()).start()) {
                callIds = clickFourTickets(placing);
            }
            // a new process: nothing in memory, the placements and marks in PostgreSQL
            try (ExampleRunner after = runner().property("camel.component.icsoc.recordsStore", "jdbc")
                    .property("camel.component.icsoc.dataSource", "#ticketsDatabase")
                    .bind("ticketsDatabase", db.reopenDataSource()).start()) {
                await("three tickets' outcomes").atMost(Duration.ofSeconds(30))
                        .until(() -> crm.ticketNotes().size() >= 3);
                int queries = sim.queries().size();
                await("five more polls").atMost(Duration.ofSeconds(20)).until(() -> sim.queries().size() >= queries + 5);
            }
            assertEachTicketGotItsOwnCallsOutcomeOnce(callIds);
        }
    }
}

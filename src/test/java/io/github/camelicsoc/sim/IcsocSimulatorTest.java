package io.github.camelicsoc.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator answers like the platform, checked with plain HTTP requests that do not use the component.
 */
class IcsocSimulatorTest {

    private final IcsocSimulator sim = IcsocSimulator.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private int nonceCounter;

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> post(String path, String form, String wsse) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (wsse != null) {
            request.header("X-WSSE", wsse);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String wsse(String vccCode, String secret) {
        byte[] nonce = ("nonce-" + nonceCounter++).getBytes(StandardCharsets.UTF_8);
        String created = Long.toString(System.currentTimeMillis() / 1000);
        return "UsernameToken Username=\"" + vccCode + "\", PasswordDigest=\""
               + Authentication.expectedDigest(nonce, created, secret) + "\", Nonce=\""
               + Base64.getEncoder().encodeToString(nonce) + "\", Created=\"" + created + "\"";
    }

    private String good() {
        return wsse(IcsocSimulator.VCC_CODE, IcsocSimulator.SECRET);
    }

    @Test
    void noEnterpriseCodeIs401() throws Exception {
        assertEquals("{\"code\":401,\"message\":\"企业代码为空\"}",
                post("/v2/wintelapi/webcall/cti", "caller=1&called=2", null).body());
    }

    @Test
    void anUnknownEnterpriseCodeIs402() throws Exception {
        assertTrue(post("/v2/wintelapi/webcall/cti", "caller=1&called=2", wsse("123", "x")).body()
                .startsWith("{\"code\":402"));
    }

    @Test
    void aWrongDigestIsAnHttp401() throws Exception {
        HttpResponse<String> r = post("/v2/wintelapi/webcall/cti", "caller=1&called=2",
                wsse(IcsocSimulator.VCC_CODE, "wrong"));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("digest mismatch"));
    }

    @Test
    void aReplayedNonceIsRefused() throws Exception {
        String header = good();
        assertEquals(200, post("/v2/wintelapi/webcall/webcall400", "start_time=2026-11-27 00:00:00", header)
                .statusCode());
        assertEquals(401, post("/v2/wintelapi/webcall/webcall400", "start_time=2026-11-27 00:00:00", header)
                .statusCode());
    }

    @Test
    void callCodesFollowTheVendorsTable() throws Exception {
        sim.failCallsTo("13700000000");
        String cti = "/v2/wintelapi/webcall/cti";
        assertTrue(post(cti, "called=13900139000", good()).body().startsWith("{\"code\":403"));
        assertTrue(post(cti, "caller=13800138000", good()).body().startsWith("{\"code\":404"));
        assertTrue(post(cti, "caller=13800138000&called=13700000000", good()).body().startsWith("{\"code\":405"));
        assertTrue(post(cti, "caller=12&called=13900139000", good()).body().startsWith("{\"code\":406"));
        assertTrue(post(cti, "caller=13800138000&called=1x", good()).body().startsWith("{\"code\":407"));
        assertTrue(post(cti, "caller=13800138000&called=13900139000&display_caller=999", good()).body()
                .startsWith("{\"code\":408"));
        assertTrue(post(cti, "caller=13800138000&called=13900139000", good()).body()
                .matches("\\{\"code\":200,\"message\":\"ok\",\"callid\":\"\\d+\"}"));
    }

    @Test
    void malformedRecordTimesAre403And404() throws Exception {
        String path = "/v2/wintelapi/webcall/webcall800";
        assertTrue(post(path, "start_time=yesterday", good()).body().startsWith("{\"code\":403"));
        assertTrue(post(path, "", good()).body().startsWith("{\"code\":403"));
        assertTrue(post(path, "start_time=2026-11-27 00:00:00&end_time=soon", good()).body()
                .startsWith("{\"code\":404"));
    }

    @Test
    void randomFaultsFollowTheirSeedAndEachIsCounted() throws Exception {
        List<String> first = answersWithRandomFaults(sim, 42);
        List<String> second;
        try (IcsocSimulator again = IcsocSimulator.start()) {
            second = answersWithRandomFaults(again, 42);
        }

        assertEquals(first, second, "the same seed gives the same faults");
        assertTrue(first.contains("dropped") && first.contains("503") && first.contains("malformed")
                   && first.contains("late"), first.toString());
        Map<SimFault, Integer> counted = sim.faultsInjected();
        assertEquals(first.stream().filter(a -> !a.equals("ok")).count(),
                counted.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(first.stream().filter(a -> a.equals("late")).count(), (long) counted.get(SimFault.TIMEOUT));
    }

    /** What 100 records queries got: ok, an HTTP 5xx status, malformed, late or dropped. */
    private List<String> answersWithRandomFaults(IcsocSimulator simulator, long seed) throws Exception {
        simulator.timeoutAfter(Duration.ofMillis(800)).injectRandomFaults(seed, 0.2, 0.04, 0.1, 0.1);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v2/wintelapi/webcall/webcall400"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-WSSE", good())
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("start_time=2026-11-27 00:00:00")).build();
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                boolean late = System.nanoTime() - start > 700_000_000L;
                answers.add(r.statusCode() != 200 ? Integer.toString(r.statusCode())
                        : !r.body().endsWith("}") ? "malformed" : late ? "late" : "ok");
            } catch (IOException e) {
                answers.add("dropped");
            }
        }
        return answers;
    }

    @Test
    void recordsAreFilteredByStartTimeAndAppearOnlyOnceTheCallEnded() throws Exception {
        var now = sim.now();
        sim.addRecord(SimRecord.inbound("1", "", now.minusHours(2), 60, "old"));
        sim.addRecord(SimRecord.inbound("2", "", now.minusMinutes(30), 60, "in-window"));
        sim.addRecord(SimRecord.inbound("3", "", now.minusSeconds(10), 3600, "still-running"));
        String window = "start_time=" + PlatformTime.FORMAT.format(now.minusHours(1)) + "&end_time="
                        + PlatformTime.FORMAT.format(now);

        String body = post("/v2/wintelapi/webcall/webcall400", window, good()).body();

        assertTrue(body.contains("\"call_id\":\"in-window\""), body);
        assertTrue(!body.contains("\"old\"") && !body.contains("still-running"), body);
    }

    @Test
    void aHeaderCreatedMoreThanFiveMinutesFromThePlatformsClockIsRefused() throws Exception {
        sim.useClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));

        HttpResponse<String> r = post("/v2/wintelapi/webcall/webcall400", "start_time=2026-11-27 00:00:00", good());

        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("created is too far from now"), r.body());
    }

    @Test
    void theClockGivenDrivesAuthenticationCallStartsAndWhichCallsHaveEnded() throws Exception {
        // four minutes behind the signer: still within the platform's five minutes of skew
        Instant platformNow = Instant.now().minus(Duration.ofMinutes(4)).truncatedTo(ChronoUnit.SECONDS);
        sim.useClock(Clock.fixed(platformNow, ZoneOffset.UTC)).callsLast(Duration.ofSeconds(30));
        String start = PlatformTime.FORMAT.format(LocalDateTime.ofInstant(platformNow, PlatformTime.ZONE));
        String window = "start_time=" + start;

        assertTrue(post("/v2/wintelapi/webcall/cti", "caller=13800138000&called=13900139000", good()).body()
                .startsWith("{\"code\":200"));
        assertEquals("{\"code\":200,\"message\":\"ok\",\"data\":[]}",
                post("/v2/wintelapi/webcall/webcall800", window, good()).body(), "the call has not ended yet");

        sim.useClock(Clock.fixed(platformNow.plusSeconds(31), ZoneOffset.UTC));
        String body = post("/v2/wintelapi/webcall/webcall800", window, good()).body();

        assertTrue(body.contains("\"start_time\":\"" + start + "\""), body);
        assertTrue(body.contains("\"all_secs\":\"30\""), body);
    }

    // ---- the 800 record of each placed call, for the outcome rules

    private static final String CTI = "/v2/wintelapi/webcall/cti";
    private static final String TWO_WAY = "/v2/wintelapi/webcall/webcall800";

    private String placedCallId(String called) throws Exception {
        String body = post(CTI, "caller=13800138000&called=" + called, good()).body();
        assertTrue(body.startsWith("{\"code\":200"), body);
        return body.replaceAll(".*\"callid\":\"(\\d+)\".*", "$1");
    }

    private String twoWayRecords(Instant platformStart) throws Exception {
        return post(TWO_WAY, "start_time="
                + PlatformTime.FORMAT.format(LocalDateTime.ofInstant(platformStart, PlatformTime.ZONE)), good()).body();
    }

    @Test
    void aPlacedCallsRecordComesAfterItsDurationWithoutCallIdLikeTheVendorsSample() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sim.useClock(Clock.fixed(start, ZoneOffset.UTC)).callsLast(Duration.ofSeconds(40));
        String callId = placedCallId("13900139000");

        assertTrue(twoWayRecords(start).endsWith("\"data\":[]}"), "the call is still running");
        sim.useClock(Clock.fixed(start.plusSeconds(40), ZoneOffset.UTC));
        String body = twoWayRecords(start);

        assertTrue(body.contains("\"called\":\"13900139000\"") && body.contains("\"all_secs\":\"40\""), body);
        assertTrue(!body.contains("call_id") && !body.contains(callId + "\""), body);
    }

    @Test
    void toldSoTwoWayRecordsCarryTheCallIdThePlacementWasAnsweredWith() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sim.twoWayRecordsCarryCallId(true);
        String callId = placedCallId("13900139000");

        assertTrue(twoWayRecords(start).contains("\"call_id\":\"" + callId + "\""));
    }

    @Test
    void aDroppedRecordNeverAppearsAndADelayedOneOnlyAfterItsDelay() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sim.useClock(Clock.fixed(start, ZoneOffset.UTC)).twoWayRecordsCarryCallId(true)
                .dropRecordsOfCallsTo("13900000001").delayRecordsOfCallsTo("13900000002", Duration.ofMinutes(2));
        String dropped = placedCallId("13900000001");
        String delayed = placedCallId("13900000002");
        String onTime = placedCallId("13900000003");

        // within the platform's five minutes of signing skew, so the same signer still gets in
        sim.useClock(Clock.fixed(start.plus(Duration.ofMinutes(1)), ZoneOffset.UTC));
        String early = twoWayRecords(start);
        sim.useClock(Clock.fixed(start.plus(Duration.ofMinutes(2)), ZoneOffset.UTC));
        String late = twoWayRecords(start);

        assertTrue(early.contains(onTime) && !early.contains(delayed) && !early.contains(dropped), early);
        assertTrue(late.contains(onTime) && late.contains(delayed) && !late.contains(dropped), late);
        assertEquals(3, sim.calls().stream().filter(c -> c.code() == 200).count(), "all three calls were placed");
    }

    @Test
    void indistinguishableCallsHaveRecordsThatDifferOnlyInTheirCallId() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sim.useClock(Clock.fixed(start, ZoneOffset.UTC)).makeCallsToIndistinguishable("13900139000");
        String first = placedCallId("13900139000");
        sim.useClock(Clock.fixed(start.plusSeconds(20), ZoneOffset.UTC));
        String second = placedCallId("13900139000");

        // the recording URL names the call id; everything else must be the same
        String body = twoWayRecords(start).replace(first, "ID").replace(second, "ID");
        String one = body.substring(body.indexOf("[{") + 1, body.indexOf("},{") + 1);
        String other = body.substring(body.indexOf("},{") + 2, body.lastIndexOf("]"));

        assertEquals(one, other, body);
    }
}

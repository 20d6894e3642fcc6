package io.github.camelicsoc.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.ReceivedCall;
import io.github.camelicsoc.support.ExampleRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The click-to-call flow, in each of its three DSLs, answers as its opening comment promises.
 */
class ClickToCallExampleTest {

    private final IcsocSimulator sim = IcsocSimulator.start();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ExampleRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        sim.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(runner.httpBaseUrl() + "/calls"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "click-to-call.yaml", "ClickToCall.java", "click-to-call.xml" })
    void clickToCallAnswersAsDocumented(String file) throws Exception {
        sim.failCallsTo("13700000405");
        runner = new ExampleRunner(sim, file).start();

        HttpResponse<String> placed = post("{\"agent\": \"13800138000\", \"customer\": \"139 0013 9000\"}");
        assertEquals(202, placed.statusCode(), placed.body());
        ReceivedCall call = sim.calls().get(0);
        assertEquals("{\"callId\": \"" + call.callId() + "\"}", placed.body());
        assertEquals("13800138000", call.caller());
        assertEquals("13900139000", call.called());
        assertEquals(IcsocSimulator.OWN_400_NUMBER, call.form().get("display_caller"));
        assertTrue(placed.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<String> axb = post("{\"agent\": \"13800138000\", \"customer\": \"13900139000\", \"mode\": \"axb\"}");
        assertEquals(202, axb.statusCode(), axb.body());
        assertTrue(sim.calls().get(1).axb());
        assertEquals(IcsocSimulator.PRIVACY_NUMBER, sim.calls().get(1).form().get("display_called"));

        HttpResponse<String> local = post("{\"agent\": \"13800138000\", \"customer\": \"call me\"}");
        assertEquals(422, local.statusCode());
        assertEquals("{\"code\": 407, \"meaning\": \"called number malformed\", \"kind\": \"REFUSED_LOCALLY\"}", local.body());

        HttpResponse<String> platform = post("{\"agent\": \"13800138000\", \"customer\": \"13700000405\"}");
        assertEquals(422, platform.statusCode());
        assertEquals("{\"code\": 405, \"meaning\": \"call failed\", \"kind\": \"REFUSED_BY_PLATFORM\"}", platform.body());

        HttpResponse<String> incomplete = post("{\"agent\": \"13800138000\"}");
        assertEquals(400, incomplete.statusCode());
        assertTrue(incomplete.body().contains("agent and customer are required"), incomplete.body());

        HttpResponse<String> badMode = post("{\"agent\": \"1\", \"customer\": \"2\", \"mode\": \"video\"}");
        assertEquals(400, badMode.statusCode());

        HttpResponse<String> notJson = post("call 13900139000 please");
        assertEquals(400, notJson.statusCode());
        assertTrue(notJson.body().contains("must be a JSON object"), notJson.body());

        assertEquals(3, sim.calls().size(), "only the calls that passed the local checks reached the platform");
    }
}

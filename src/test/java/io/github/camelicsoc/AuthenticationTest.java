package io.github.camelicsoc;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.github.camelicsoc.client.Wsse;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException.Kind;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request carries an X-WSSE header that the simulator verifies with its own digest code.
 */
class AuthenticationTest extends SimulatorTestSupport {

    @Test
    void theSimulatorAcceptsTheComponentsDigest() {
        CallResult result = template.requestBody("icsoc:call?caller=13800138000&called=13900139000", null,
                CallResult.class);
        assertEquals("ok", result.message(), "a result exists only for code 200");
    }

    @Test
    void everyRequestCarriesAFreshNonce() {
        // the simulator refuses a nonce it has seen before, so fifty accepted calls mean fifty nonces
        for (int i = 0; i < 50; i++) {
            template.requestBody("icsoc:call?caller=13800138000&called=13900139000", (Object) null);
        }
        assertEquals(50, sim.calls().stream().filter(c -> c.code() == 200).count());
    }

    @Test
    void aWrongSecretIsAnAuthenticationFailure() {
        IcsocException e = failureOf(template.send(
                "icsoc:call?secret=not-the-secret&caller=13800138000&called=13900139000", x -> {
                }));

        assertEquals(Kind.BAD_RESPONSE, e.getKind());
        assertEquals(401, e.getHttpResponseCode());
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
    }

    @Test
    void theHeaderHasTheDocumentedShape() {
        String header = Wsse.header("7000001", "s3cret");

        assertTrue(header.matches("UsernameToken Username=\"7000001\", PasswordDigest=\"[A-Za-z0-9+/=]{28}\", "
                                  + "Nonce=\"[A-Za-z0-9+/=]+\", Created=\"\\d{10}\""),
                header);
        assertFalse(header.contains("s3cret"));
    }

    @Test
    void noncesDoNotRepeat() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String header = Wsse.header("7000001", "s3cret");
            nonces.add(header.replaceAll(".*Nonce=\"([^\"]+)\".*", "$1"));
        }
        assertEquals(1000, nonces.size());
    }

    @Test
    void aPlatformClockMoreThanFiveMinutesOffIsAnAuthenticationFailureAndNotResent() {
        sim.useClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));

        IcsocException e = failureOf(template.send("icsoc:call?caller=13800138000&called=13900139000", x -> {
        }));

        assertEquals(Kind.BAD_RESPONSE, e.getKind());
        assertEquals(401, e.getHttpResponseCode());
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
        assertEquals(1, sim.requestCount());
    }
}

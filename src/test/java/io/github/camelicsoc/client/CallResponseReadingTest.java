package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;

import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call response is read leniently where the platform is sloppy and strictly where it matters.
 */
class CallResponseReadingTest {

    private static CallResult read(String body) {
        return IcsocClient.readCallResult(IcsocOperation.CLASSIC_CALL, 200, body.getBytes(StandardCharsets.UTF_8));
    }

    private static IcsocException failure(String body) {
        return assertThrows(IcsocException.class, () -> read(body));
    }

    @Test
    void theVendorsSampleReads() {
        assertEquals(new CallResult("ok", "111111"), read("{\"code\":200,\"message\":\"ok\",\"callid\":\"111111\"}"));
    }

    @Test
    void numbersAsStringsAndUnknownFieldsAreAccepted() {
        assertEquals(new CallResult("ok", "42"),
                read("{\"code\":\"200\",\"message\":\"ok\",\"callid\":42,\"extra\":{\"x\":[1]}}"));
    }

    @Test
    void aMissingCallIdGivesANullId() {
        assertNull(read("{\"code\":200,\"message\":\"ok\"}").callId());
    }

    @Test
    void aNonOkCodeIsARefusalWithItsMeaning() {
        IcsocException e = failure("{\"code\":\"405\",\"message\":\"呼叫失败\"}");
        assertEquals(405, e.getCode());
        assertEquals("call failed", e.getMeaning());
        assertEquals("呼叫失败", e.getPlatformMessage());
    }

    @Test
    void bodiesThatAreNotTheExpectedJsonAreBadResponses() {
        for (String body : new String[] {
                "", "null", "[]", "\"ok\"", "<html>", "{\"message\":\"ok\"}", "{\"code\":\"abc\"}", "{\"code\":2.5}",
                "{\"code\":200", "{\"code\":{}}" }) {
            IcsocException e = failure(body);
            assertEquals(IcsocException.Kind.BAD_RESPONSE, e.getKind(), body);
            assertTrue(e.getMessage().startsWith("icsoc classic call failed: "), e.getMessage());
        }
    }
}

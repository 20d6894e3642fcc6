package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.support.BadInput;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call's answer is read field by field when it is a placed call, and through the tree of the whole answer
 * otherwise: whatever the answer, the outcome is the one the tree alone gives (the same result, or the same
 * exception with the same kind, code and message).
 */
class CallAnswerQuickReadingTest {

    private static final String CALL = "{\"code\":200,\"message\":\"ok\",\"callid\":\"111111\"}";

    /** The tree alone: how every call answer was read before the quick way. */
    private static CallResult byTheTree(int status, byte[] body) {
        JsonNode root = Envelope.read(IcsocOperation.CLASSIC_CALL, status, body);
        String callId = Envelope.text(root, "callid");
        if (callId == null) {
            callId = Envelope.text(root, "call_id");
        }
        return new CallResult(Envelope.text(root, "message"), callId);
    }

    private static String outcome(java.util.function.Supplier<CallResult> read) {
        try {
            CallResult result = read.get();
            return "result " + result.message() + " / " + result.callId();
        } catch (IcsocException e) {
            return e.getClass().getName() + " " + e.getKind() + " " + e.getCode() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return "escaped " + e;
        }
    }

    private static boolean sameOutcome(int status, byte[] body) {
        String tree = outcome(() -> byTheTree(status, body));
        String read = outcome(() -> IcsocClient.readCallResult(IcsocOperation.CLASSIC_CALL, status, body));
        assertEquals(tree, read, () -> "for status " + status + " and body "
                                       + new String(body, StandardCharsets.UTF_8));
        return IcsocClient.readPlacedQuickly(new String(body, StandardCharsets.UTF_8)) != null;
    }

    @Test
    void mutatedAndRandomAnswersEndAsTheTreeAloneEndsThem() {
        int quick = 0;
        int cases = 0;
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(104_729L * seed);
            for (int i = 0; i < 2000; i++) {
                String body = switch (random.nextInt(4)) {
                    case 0, 1 -> BadInput.mutate(random, CALL);
                    case 2 -> BadInput.response(random);
                    default -> BadInput.json(random, 3);
                };
                int status = random.nextInt(10) < 8 ? 200 : 500;
                cases++;
                if (sameOutcome(status, BadInput.bytes(random, body))) {
                    quick++;
                }
            }
        }
        // the comparison means something only if both ways were taken often
        assertTrue(quick > cases / 20, quick + " of " + cases + " read the quick way");
        assertTrue(quick < cases, quick + " of " + cases + " read the quick way");
    }

    @Test
    void edgeCasesEndAsTheTreeAloneEndsThem() {
        List<String> bodies = new ArrayList<>(List.of(
                CALL, "{\"code\":\"200\",\"message\":\"ok\",\"call_id\":\"7\"}", "{\"code\":\" 200 \",\"callid\":7}",
                "{\"code\":200,\"code\":201}", "{\"code\":201,\"code\":200,\"callid\":\"1\"}",
                "{\"code\":200,\"callid\":\"1\",\"callid\":\"2\"}", "{\"code\":200,\"callid\":null,\"call_id\":\"3\"}",
                "{\"code\":200,\"callid\":{\"a\":[1,2.50,\"x\"]},\"message\":[true,null]}",
                "{\"code\":200,\"message\":1.0e3,\"callid\":-0}", "{\"code\":1e2}", "{\"code\":200.0}", "{\"code\":-0}",
                "{\"code\":200}garbage", "{\"code\":200} {\"code\":500}", "{\"code\":200,\"data\":", "{\"code\":200,}",
                "{'code':200}", "{code:200}", "{\"code\":200,\"data\":[1,2,]}", "{\"code\":200,\"data\":NaN}",
                "\ufeff" + CALL, "", " ", "null", "[]", "{}", "[" + CALL + "]", "\"" + CALL + "\"",
                "{\"code\":" + "9".repeat(5_000) + "}", "{\"code\":200,\"message\":\"" + "x".repeat(100_000) + "\"}",
                "{\"code\":200,\"data\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"callid\":\"1\"}",
                "{\"code\":200,\"data\":\"\\u0000\\ud800\",\"callid\":\"\\u00e9\"}", "{\"code\":200,\"callid\":\"\u00e9\u4e2d\"}",
                "<html>" + "x".repeat(100)));
        for (String body : bodies) {
            sameOutcome(200, body.getBytes(StandardCharsets.UTF_8));
            sameOutcome(500, body.getBytes(StandardCharsets.UTF_8));
        }
        sameOutcome(200, CALL.getBytes(StandardCharsets.UTF_16));
        sameOutcome(200, new byte[] { '{', '"', 'c', 'o', 'd', 'e', '"', ':', '2', '0', '0', ',', '"', 'm', '"', ':',
                '"', (byte) 0xc3, '"', '}' });
    }

    @Test
    void aPlacedCallIsReadTheQuickWayAndAnythingElseIsLeftToTheTree() {
        assertNotNull(IcsocClient.readPlacedQuickly(CALL));
        assertNull(IcsocClient.readPlacedQuickly("{\"code\":405,\"message\":\"call failed\"}"));
        assertNull(IcsocClient.readPlacedQuickly("{\"code\":200,\"data\":[}"));
        assertNull(IcsocClient.readPlacedQuickly("[]"));
    }
}

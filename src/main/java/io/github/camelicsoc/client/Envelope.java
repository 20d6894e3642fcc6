package io.github.camelicsoc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;

/**
 * The envelope every icsoc answer comes in: {@code {"code": ..., "message": ..., ...}}, under a 2xx HTTP status. The
 * one place that decides whether an answer is a success, a refusal by the platform or a bad response, for every
 * operation: {@link #read} for an answer held in memory, {@link Head} for a reader that streams the answer and
 * gathers only the code and message as it passes them.
 */
public final class Envelope {

    /** The one JSON reader of the client package. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private Envelope() {
    }

    /**
     * Reads an answer held in memory and returns its JSON object when the HTTP status is 2xx and the code is 200.
     *
     * @throws IcsocException BAD_RESPONSE or REFUSED_BY_PLATFORM
     */
    public static JsonNode read(IcsocOperation operation, int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        checkStatus(operation, status, text);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw IcsocException.badResponse(operation, status, "the response is not JSON (" + e.getOriginalMessage() + ")",
                    text, null);
        }
        if (root == null || !root.isObject()) {
            throw IcsocException.badResponse(operation, status, "the response is not a JSON object", text, null);
        }
        check(operation, status, resultCode(root.get("code")), text(root, "message"), text);
        return root;
    }

    /** Throws BAD_RESPONSE unless the HTTP status is 2xx; {@code excerpt} is the start of the body. */
    public static void checkStatus(IcsocOperation operation, int status, String excerpt) {
        if (status < 200 || status > 299) {
            throw IcsocException.badResponse(operation, status, "HTTP error status", excerpt, null);
        }
    }

    /**
     * Throws unless {@code code} is 200: BAD_RESPONSE when there is no numeric code, REFUSED_BY_PLATFORM for any
     * other code.
     */
    public static void check(IcsocOperation operation, int status, Integer code, String message, String excerpt) {
        if (code == null) {
            throw IcsocException.badResponse(operation, status, "the response has no numeric result code", excerpt,
                    null);
        }
        if (code != IcsocOperation.OK) {
            IcsocException refused = IcsocException.refused(operation, code, message);
            refused.setHttpResponseCode(status);
            throw refused;
        }
    }

    /**
     * The envelope's code and message as a reader that streams the answer finds them, field by field; null for what
     * it has not found (yet).
     */
    public record Head(Integer code, String message) {

        /** Nothing found yet. */
        public static final Head NONE = new Head(null, null);

        /**
         * Takes the field the parser stands on (its value being the current token) when it belongs to the envelope
         * and returns the head with it; returns this head, leaving the value unread, for any other field.
         */
        public Head take(String field, JsonParser p) throws IOException {
            return switch (field) {
                case "code" -> new Head(resultCode(p.readValueAsTree()), message);
                case "message" -> new Head(code, p.currentToken().isScalarValue() ? p.getValueAsString() : null);
                default -> this;
            };
        }

        /** {@link Envelope#check} on what was found; {@code excerpt} is the start of the answer. */
        public void check(IcsocOperation operation, int status, String excerpt) {
            Envelope.check(operation, status, code, message, excerpt);
        }
    }

    /** The result code as a number, also when the platform sends it as a string; null when it is neither. */
    public static Integer resultCode(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.valueOf(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A field as text: a value as written, an object or array as its JSON; null when absent or null. */
    public static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}

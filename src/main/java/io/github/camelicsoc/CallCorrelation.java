package io.github.camelicsoc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.IcsocValidationException;
import io.github.camelicsoc.outcome.Placement;
import org.apache.camel.Message;

/**
 * The business key a call is placed for and the headers it carries to its outcome, read from the message and bounded
 * before the call is sent, so that a message past a bound is refused without ringing anyone.
 *
 * @param key     the correlation key
 * @param carried the carried headers present on the message, by name, in the option's order
 */
record CallCorrelation(String key, Map<String, String> carried) {

    /**
     * The correlation of a message: header {@link IcsocConstants#CORRELATION_KEY}, else the header named by
     * {@code keyHeader}; null when the message has no key (the call is then placed and not remembered).
     *
     * @throws IcsocValidationException when the key or a carried value is past its bound
     */
    static CallCorrelation of(Message in, String keyHeader, List<String> carriedNames, IcsocOperation operation) {
        String source = IcsocConstants.CORRELATION_KEY;
        Object value = in.getHeader(IcsocConstants.CORRELATION_KEY);
        if (value == null && keyHeader != null) {
            source = keyHeader;
            value = in.getHeader(keyHeader);
        }
        if (value == null) {
            return null;
        }
        String key = text(operation, "header " + source, value);
        if (key.isBlank()) {
            throw refused(operation, "header " + source + " holds a blank correlation key; give the business key the"
                                     + " call is placed for, or remove the header to place the call without one");
        }
        if (key.length() > Placement.MAX_KEY_LENGTH) {
            throw refused(operation, "header " + source + " holds a correlation key of " + key.length()
                                     + " characters, more than the " + Placement.MAX_KEY_LENGTH + " a key may have");
        }
        Map<String, String> carried = new LinkedHashMap<>();
        int total = 0;
        for (String name : carriedNames) {
            Object header = in.getHeader(name);
            if (header == null) {
                continue;
            }
            String text = text(operation, "carried header " + name, header);
            if (text.length() > Placement.MAX_CARRIED_VALUE_LENGTH) {
                throw refused(operation, "carried header " + name + " is " + text.length()
                                         + " characters long, more than the " + Placement.MAX_CARRIED_VALUE_LENGTH
                                         + " a carried value may have; carry a reference to it instead");
            }
            total += text.length();
            if (total > Placement.MAX_CARRIED_TOTAL_LENGTH) {
                throw refused(operation, "the carried headers are more than " + Placement.MAX_CARRIED_TOTAL_LENGTH
                                         + " characters together; carry fewer or shorter values");
            }
            carried.put(name, text);
        }
        return new CallCorrelation(key, carried);
    }

    private static String text(IcsocOperation operation, String source, Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof CharSequence || value instanceof Enum<?> || value instanceof UUID) {
            return value.toString();
        }
        // a body-like value (a stream, a document) is neither a key nor something small to carry
        throw refused(operation, source + " is a " + value.getClass().getSimpleName()
                                 + ": give text or a number");
    }

    private static IcsocValidationException refused(IcsocOperation operation, String detail) {
        return new IcsocValidationException(operation, IcsocException.NO_CODE, detail);
    }
}

package io.github.camelicsoc.client;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a records answer read straight from the token stream into plain Java values (as Jackson maps them),
 * without building a tree first: the fields a delivered record carries, read once. Its {@link #text()} is that of the
 * tree Jackson would have built, so keys stay what they were; a state's content fingerprint is the records package's.
 */
public final class RawEntry {

    /** The fields of an entry that is a JSON object, in the order received; null for any other entry. */
    final Map<String, Object> fields;
    /** An entry that is not a JSON object (a record cannot be read from it), as Jackson reads it. */
    private final JsonNode other;

    private RawEntry(Map<String, Object> fields, JsonNode other) {
        this.fields = fields;
        this.other = other;
    }

    /**
     * Reads the entry the parser is on: on its first token, or, with {@code firstField}, on the value of the first
     * field of an object already opened. Leaves the parser on the entry's last token.
     */
    static RawEntry read(JsonParser p, String firstField) throws IOException {
        String name = firstField;
        // 16 slots hold the platform's 10 to 12 fields without a resize
        Map<String, Object> fields = new LinkedHashMap<>(16);
        if (name == null) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return new RawEntry(null, p.readValueAsTree());
            }
            name = p.nextFieldName();
        } else {
            // the parser is already on the first field's value
            fields.put(name, value(p, p.currentToken()));
            name = p.nextFieldName();
        }
        while (name != null) {
            fields.put(name, value(p, p.nextToken()));
            name = p.nextFieldName();
        }
        return new RawEntry(fields, null);
    }

    /** The value the parser is on, as Jackson's tree would hold it, then mapped to a plain value. */
    private static Object value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
                // the node Jackson picks (IntNode, LongNode, BigIntegerNode) by the number's size
                switch (p.getNumberType()) {
                    case INT:
                        return p.getIntValue();
                    case LONG:
                        return p.getLongValue();
                    default:
                        return p.getBigIntegerValue();
                }
            case VALUE_NUMBER_FLOAT:
                switch (p.getNumberType()) {
                    case BIG_DECIMAL:
                        return p.getDecimalValue();
                    case FLOAT:
                        return p.getFloatValue();
                    default:
                        return p.getDoubleValue();
                }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                // an object or array inside a record: rare, so read as Jackson always did
                return RecordReader.plain(p.readValueAsTree());
        }
    }

    /** The fields of an entry that is a JSON object, in the order received (read only); null for any other entry. */
    public Map<String, Object> fields() {
        return fields == null ? null : java.util.Collections.unmodifiableMap(fields);
    }

    /** The entry as JSON text, as Jackson writes its tree. */
    public String text() {
        return fields != null ? json(fields) : other.toString();
    }

    /** A plain value as JSON text, as Jackson writes the node it came from. */
    public static String json(Object value) {
        return Envelope.JSON.valueToTree(value).toString();
    }
}

package io.github.camelicsoc.client;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One entry of a records answer read straight from the token stream into plain Java values (as Jackson maps them),
 * without building a tree first: the fields a delivered record carries, read once. Its {@link #text()} is that of the
 * tree Jackson would have built, so keys stay what they were; a state's content fingerprint is the records package's.
 * <p>
 * Each entry is parsed alone, from its own bytes, under a record's bounds: an entry past one of them (larger than
 * {@link #MAX_RECORD_BYTES}, a number longer than {@link #MAX_NUMBER_DIGITS} digits, nested deeper than
 * {@link #MAX_NESTING}, a field name longer than {@link #MAX_NAME_LENGTH}) is refused: it holds no record, says why
 * ({@link RecordReader#toCallRecord} throws with the reason), and is told from other entries by a digest of its bytes.
 */
public final class RawEntry {

    /** The most bytes one entry may have: a platform record has a few hundred. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    /** The most digits of a number in an entry (Jackson's own default). */
    public static final int MAX_NUMBER_DIGITS = 1_000;

    /** How deep objects and arrays may nest in an entry: a platform record is flat. */
    public static final int MAX_NESTING = 100;

    /** The longest field name in an entry: the platform's are a dozen characters. */
    public static final int MAX_NAME_LENGTH = 1_000;

    /** How much of a refused entry larger than {@link #MAX_RECORD_BYTES} its text keeps: its beginning. */
    static final int REFUSED_TEXT_BYTES = 4 * 1024;

    /** The reader of one entry (and of the envelope's code and message), held to a record's bounds. */
    static final ObjectMapper RECORD_JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_RECORD_BYTES)
                    .maxStringLength(MAX_RECORD_BYTES)
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .maxNestingDepth(MAX_NESTING)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .build()).build();

    /** The fields of an entry that is a JSON object, in the order received; null for any other entry. */
    final Map<String, Object> fields;
    /** An entry that is not a JSON object (a record cannot be read from it), as Jackson reads it. */
    private final JsonNode other;
    /** Why the entry was not parsed (a record's bound it passes); null for an entry that was. */
    final String refusal;
    /** A refused entry's text as received (its beginning only, when it is larger than a record may be). */
    private final String refusedText;
    /** 32 hex digits of the SHA-256 of a refused entry's bytes. */
    private final String refusedDigest;

    private RawEntry(Map<String, Object> fields, JsonNode other) {
        this.fields = fields;
        this.other = other;
        this.refusal = null;
        this.refusedText = null;
        this.refusedDigest = null;
    }

    private RawEntry(String refusal, String refusedText, String refusedDigest) {
        this.fields = null;
        this.other = null;
        this.refusal = refusal;
        this.refusedText = refusedText;
        this.refusedDigest = refusedDigest;
    }

    /**
     * Parses one entry from its bytes under a record's bounds, or refuses it, saying which bound it passes.
     *
     * @throws JacksonException when the entry is not valid JSON (the answer is broken, not just this record)
     */
    static RawEntry of(ValueBytes entry) throws IOException {
        if (!entry.whole()) {
            return new RawEntry("the record is " + entry.size() + " bytes long, more than the " + MAX_RECORD_BYTES
                                + " bytes a record may have (its text here is its first " + REFUSED_TEXT_BYTES
                                + " bytes)", entry.text(REFUSED_TEXT_BYTES), entry.digest());
        }
        try (JsonParser p = RECORD_JSON.createParser(entry.bytes(), 0, entry.length())) {
            p.nextToken();
            return read(p);
        } catch (StreamConstraintsException e) {
            // Jackson's message names the bound and the value; the setting's name is ours to keep
            String bound = e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
            return new RawEntry("the record is past a bound every record is read with: " + bound,
                    entry.text(entry.length()), entry.digest());
        }
    }

    /** Reads the entry the parser is on its first token of. Leaves the parser on the entry's last token. */
    private static RawEntry read(JsonParser p) throws IOException {
        // 16 slots hold the platform's 10 to 12 fields without a resize
        Map<String, Object> fields = new LinkedHashMap<>(16);
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return new RawEntry(null, p.readValueAsTree());
        }
        String name = p.nextFieldName();
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

    /** The entry as JSON text, as Jackson writes its tree; a refused entry's text as received. */
    public String text() {
        return fields != null ? json(fields) : other != null ? other.toString() : refusedText;
    }

    /** Why the parser refused this entry (a bound every record is read with); null when it was read. */
    public String refusal() {
        return refusal;
    }

    /**
     * What tells this entry from any other when it holds no record: its text, or for a refused entry the digest of
     * all its bytes (its text may be only its beginning).
     */
    public String identity() {
        return refusal != null ? "sha256:" + refusedDigest : text();
    }

    /** A plain value as JSON text, as Jackson writes the node it came from. */
    public static String json(Object value) {
        return Envelope.JSON.valueToTree(value).toString();
    }
}

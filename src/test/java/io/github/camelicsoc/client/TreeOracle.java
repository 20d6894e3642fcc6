package io.github.camelicsoc.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The entries of an answer as Jackson's tree model reads them, independently of the streaming reader: the oracle
 * the streaming path is compared with. Only answers whose envelope is valid JSON; PHP-keyed {@code data} is told
 * from a single record by its first key being made of digits.
 */
public final class TreeOracle {

    private TreeOracle() {
    }

    /** An in-memory spool, as the client keeps an answer under its in-memory limit. */
    public static RecordSpool spool(int status, byte[] body) {
        return new RecordSpool(status, body, null);
    }

    static List<JsonNode> entries(byte[] body) {
        JsonNode data;
        try {
            data = Envelope.JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> entries = new ArrayList<>();
        if (data.isMissingNode() || data.isNull() || data.isTextual() && data.textValue().isEmpty()) {
            return entries;
        }
        if (data.isArray()) {
            data.forEach(entries::add);
        } else if (data.isObject() && data.size() > 0 && data.fieldNames().next().matches("[0-9]+")) {
            data.forEach(entries::add);
        } else if (!data.isObject() || data.size() > 0) {
            entries.add(data);
        }
        return entries;
    }
}

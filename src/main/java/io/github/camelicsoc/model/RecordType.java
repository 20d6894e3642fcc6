package io.github.camelicsoc.model;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.camelicsoc.model.IcsocOperation;

/**
 * The two kinds of call record the platform keeps.
 */
public enum RecordType {
    /** Two-way call records (webcall800): the calls placed through the call API. Direction "out". */
    TWO_WAY("800", "out", IcsocOperation.TWO_WAY_RECORDS),
    /** Inbound 400-number call records (webcall400). Direction "in". */
    INBOUND("400", "in", IcsocOperation.INBOUND_RECORDS);

    private final String code;
    private final String direction;
    private final IcsocOperation operation;

    RecordType(String code, String direction, IcsocOperation operation) {
        this.code = code;
        this.direction = direction;
        this.operation = operation;
    }

    /** The API operation that reads records of this type. */
    public IcsocOperation operation() {
        return operation;
    }

    /** The code used in URIs and headers: 800 or 400. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The direction field the platform sets on records of this type. */
    public String direction() {
        return direction;
    }

    /**
     * The type for a code as written in a URI: 800 or 400.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static RecordType of(String code) {
        for (RecordType type : values()) {
            if (type.code.equals(code == null ? null : code.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown record type '" + code
                                           + "': use 800 (two-way call records) or 400 (inbound 400-number records)");
    }
}

package io.github.camelicsoc.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The two kinds of call record the platform keeps.
 */
public enum RecordType {
    /** Two-way call records (webcall800): the calls placed through the call API. Direction "out". */
    TWO_WAY("800", "out"),
    /** Inbound 400-number call records (webcall400). Direction "in". */
    INBOUND("400", "in");

    private final String code;
    private final String direction;

    RecordType(String code, String direction) {
        this.code = code;
        this.direction = direction;
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

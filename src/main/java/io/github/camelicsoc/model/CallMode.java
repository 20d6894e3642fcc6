package io.github.camelicsoc.model;

import java.util.Locale;

import io.github.camelicsoc.model.IcsocOperation;

/**
 * How the platform bridges the second party of a two-way call.
 */
public enum CallMode {
    /** Rings the caller, then the called party, showing the display numbers given. */
    CLASSIC(IcsocOperation.CLASSIC_CALL),
    /** Rings the caller, then bridges the called party (B) through an AXB privacy number (X). */
    AXB(IcsocOperation.AXB_CALL);

    private final IcsocOperation operation;

    CallMode(IcsocOperation operation) {
        this.operation = operation;
    }

    /** The API operation that places a call in this mode. */
    public IcsocOperation operation() {
        return operation;
    }

    /**
     * Reads a mode as written in a URI, a header or a JSON body: {@code classic} or {@code axb}, in any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CallMode of(String text) {
        if (text != null) {
            String trimmed = text.trim().toUpperCase(Locale.ROOT);
            for (CallMode mode : values()) {
                if (mode.name().equals(trimmed)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("Unknown call mode '" + text + "': use classic or axb");
    }
}

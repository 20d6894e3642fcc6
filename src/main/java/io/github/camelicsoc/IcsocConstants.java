package io.github.camelicsoc;

import io.github.camelicsoc.records.RecordsHeaders;
import org.apache.camel.spi.Metadata;

/**
 * The headers the icsoc component reads and sets.
 */
public final class IcsocConstants {

    @Metadata(label = "producer", description = "The call mode for this message: classic or axb. Overrides the body"
                                                + " and the mode option.",
              javaType = "String")
    public static final String MODE = "CamelIcsocMode";

    @Metadata(label = "producer", description = "The number rung first. Overrides the body and the caller option.",
              javaType = "String")
    public static final String CALLER = "CamelIcsocCaller";

    @Metadata(label = "producer", description = "The number bridged second. Overrides the body and the called option.",
              javaType = "String")
    public static final String CALLED = "CamelIcsocCalled";

    @Metadata(label = "producer", description = "Seconds the platform lets each leg ring. Overrides the body and the"
                                                + " timeout option.",
              javaType = "Integer")
    public static final String TIMEOUT = "CamelIcsocTimeout";

    @Metadata(label = "producer", description = "The number shown to the caller. Overrides the body and the"
                                                + " displayCaller option.",
              javaType = "String")
    public static final String DISPLAY_CALLER = "CamelIcsocDisplayCaller";

    @Metadata(label = "producer", description = "The number shown to the called party (the X number in AXB mode)."
                                                + " Overrides the body and the displayCalled option.",
              javaType = "String")
    public static final String DISPLAY_CALLED = "CamelIcsocDisplayCalled";

    @Metadata(description = "The platform's id of the call: set by the producer on a placed call, and by the consumer"
                            + " on a call record that carries one.",
              javaType = "String")
    public static final String CALL_ID = RecordsHeaders.CALL_ID;

    @Metadata(label = "consumer", description = "The type of the call record: 800 (two-way call) or 400 (inbound).",
              javaType = "String")
    public static final String RECORD_TYPE = RecordsHeaders.RECORD_TYPE;

    @Metadata(label = "consumer", description = "The key the consumer uses to deliver each record once: the record"
                                                + " type and call id when the record has one, otherwise the type and"
                                                + " a stable hash of the record's identifying fields.",
              javaType = "String")
    public static final String RECORD_KEY = RecordsHeaders.RECORD_KEY;

    @Metadata(label = "consumer", description = "Set only on a newer state of a record: its key came before (in the"
                                                + " same answer or an earlier poll) with other content. 2 for the"
                                                + " second content, 3 for the third, and so on; the record keeps its"
                                                + " key.",
              javaType = "Integer")
    public static final String RECORD_VERSION = RecordsHeaders.RECORD_VERSION;

    @Metadata(label = "consumer", description = "Set with CamelIcsocRecordVersion: the API fields that changed since"
                                                + " the version delivered before (changed, added or gone),"
                                                + " comma-separated in name order, e.g. record_file or"
                                                + " all_secs,end_time. Only where the records store keeps what each"
                                                + " field held (recordsStore=memory or jdbc; not a repository of your"
                                                + " own), and only when that version was delivered.",
              javaType = "String")
    public static final String RECORD_CHANGED_FIELDS = RecordsHeaders.RECORD_CHANGED_FIELDS;

    @Metadata(description = "The business key a call is placed for (a ticket id, say). On icsoc:call it overrides the"
                            + " header named by the correlationKeyHeader option; only a call placed with a key is"
                            + " remembered. On icsoc:records it is set on the record (or timed-out outcome) of a call"
                            + " placed with a key.",
              javaType = "String")
    public static final String CORRELATION_KEY = "CamelIcsocCorrelationKey";

    @Metadata(label = "producer", description = "Set on a call placed with a correlation key: true once the placement"
                                                + " is remembered, false when the placements store failed or did not"
                                                + " answer within the call's own deadline (the call itself was placed;"
                                                + " its record will then come without the key).",
              javaType = "Boolean")
    public static final String PLACEMENT_REMEMBERED = "CamelIcsocPlacementRemembered";

    @Metadata(label = "consumer", description = "The call id the platform answered the placement with, on a record or"
                                                + " outcome tied to a call placed through the component.",
              javaType = "String")
    public static final String PLACED_CALL_ID = "CamelIcsocPlacedCallId";

    @Metadata(label = "consumer", description = "What became of a call placed with a correlation key: RECORD (its record,"
                                                + " or a newer version of it), TIMED_OUT (no record came within"
                                                + " outcomeTimeout; the body is a CallOutcome) or LATE_RECORD (its record"
                                                + " came after its TIMED_OUT outcome).",
              javaType = "String", enums = "RECORD,TIMED_OUT,LATE_RECORD")
    public static final String OUTCOME = "CamelIcsocOutcome";

    private IcsocConstants() {
    }
}

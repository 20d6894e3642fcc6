package io.github.camelicsoc.records;

/**
 * The headers the records consumer sets. {@code IcsocConstants} documents each for the catalog under the same name;
 * the names live here so that this package does not depend on the component's root package.
 */
public final class RecordsHeaders {

    /** The platform's id of the call, on a record that carries one. */
    public static final String CALL_ID = "CamelIcsocCallId";
    /** The record's type code: 800 or 400. */
    public static final String RECORD_TYPE = "CamelIcsocRecordType";
    /** The key the consumer delivers each record once by. */
    public static final String RECORD_KEY = "CamelIcsocRecordKey";
    /** Set on a newer state of a record: 2, 3, ... */
    public static final String RECORD_VERSION = "CamelIcsocRecordVersion";
    /** Set on a newer state of a record: the fields that changed since the version delivered before it. */
    public static final String RECORD_CHANGED_FIELDS = "CamelIcsocRecordChangedFields";

    /** The business key of the placed call a record or outcome belongs to. */
    public static final String CORRELATION_KEY = "CamelIcsocCorrelationKey";
    /** The call id the placement was answered with. */
    public static final String PLACED_CALL_ID = "CamelIcsocPlacedCallId";
    /** RECORD, TIMED_OUT or LATE_RECORD. */
    public static final String OUTCOME = "CamelIcsocOutcome";

    private RecordsHeaders() {
    }
}

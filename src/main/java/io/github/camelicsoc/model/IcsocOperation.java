package io.github.camelicsoc.model;

import java.util.Map;

/**
 * The four operations of the icsoc web-call API: where each lives and what its result codes mean.
 * <p>
 * The same code means different things per operation (403 is "caller empty" for a call but "start time malformed"
 * for a records query), so meanings are looked up through the operation.
 */
public enum IcsocOperation {

    CLASSIC_CALL("classic call", "/v2/wintelapi/webcall/cti", ResultCodes.CALL),
    AXB_CALL("AXB call", "/v2/wintelapi/webcall/cti/axb", ResultCodes.CALL),
    TWO_WAY_RECORDS("two-way call records query (800)", "/v2/wintelapi/webcall/webcall800", ResultCodes.RECORDS),
    INBOUND_RECORDS("inbound 400 records query", "/v2/wintelapi/webcall/webcall400", ResultCodes.RECORDS);

    /** The code the platform answers when it accepted the request. */
    public static final int OK = 200;

    private final String title;
    private final String path;
    private final Map<Integer, ResultCode> codes;

    IcsocOperation(String title, String path, Map<Integer, ResultCode> codes) {
        this.title = title;
        this.path = path;
        this.codes = codes;
    }

    /** A short human name, used in error messages. */
    public String title() {
        return title;
    }

    /** The path under the base URL. */
    public String path() {
        return path;
    }

    /** What {@code code} means for this operation, or "unknown result code". */
    public String meaning(int code) {
        ResultCode rc = codes.get(code);
        return rc != null ? rc.meaning : "unknown result code";
    }

    /** What a user should do about {@code code}, or null when there is no specific advice. */
    public String advice(int code) {
        ResultCode rc = codes.get(code);
        return rc != null ? rc.advice : null;
    }

    private record ResultCode(String meaning, String advice) {
    }

    // the vendor's tables (see the API notes), in one place
    private static final class ResultCodes {
        static final Map<Integer, ResultCode> CALL = Map.of(
                200, new ResultCode("ok", null),
                401, new ResultCode("enterprise code empty", "set the vccCode option"),
                402, new ResultCode("enterprise code unknown",
                        "check vccCode against the enterprise code the platform issued"),
                403, new ResultCode("caller empty",
                        "give a caller: the caller option, the CamelIcsocCaller header or the caller field of the body"),
                404, new ResultCode("called empty",
                        "give a called number: the called option, the CamelIcsocCalled header or the called field of the body"),
                405, new ResultCode("call failed",
                        "the platform could not place the call; the component does not retry it, because a retry may ring a person twice"),
                406, new ResultCode("caller number malformed",
                        "give the caller as a phone number: digits, optionally with spaces, dashes and a +86 prefix"),
                407, new ResultCode("called number malformed",
                        "give the called number as a phone number: digits, optionally with spaces, dashes and a +86 prefix"),
                408, new ResultCode("display number does not exist",
                        "use one of your own 400 numbers as displayCaller and displayCalled (the X number in AXB mode)"));

        static final Map<Integer, ResultCode> RECORDS = Map.of(
                200, new ResultCode("ok", null),
                401, new ResultCode("enterprise code empty", "set the vccCode option"),
                402, new ResultCode("enterprise code unknown",
                        "check vccCode against the enterprise code the platform issued"),
                403, new ResultCode("start time malformed", "send start_time as yyyy-MM-dd HH:mm:ss in UTC+08:00"),
                404, new ResultCode("end time malformed", "send end_time as yyyy-MM-dd HH:mm:ss in UTC+08:00"));
    }
}

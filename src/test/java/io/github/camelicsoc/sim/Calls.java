package io.github.camelicsoc.sim;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * Call placement (classic and AXB): the vendor's result codes 403 to 408, every request remembered as received, and
 * each accepted call turned into a two-way call record that queries return once the call has ended.
 */
final class Calls {

    private static final Pattern NUMBER = Pattern.compile("[0-9]{3,20}");

    private final PlatformTime time;
    private final Records records;
    private final AtomicLong callIds;
    private final IntSupplier port;
    private final Set<String> displayNumbers = ConcurrentHashMap.newKeySet();
    private final Set<String> failingNumbers = ConcurrentHashMap.newKeySet();
    private final Set<String> unansweredNumbers = ConcurrentHashMap.newKeySet();
    private final List<ReceivedCall> received = new CopyOnWriteArrayList<>();
    private volatile Duration callLength = Duration.ZERO;
    private final Set<String> droppedRecords = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> recordDelays = new ConcurrentHashMap<>();
    // called number -> the start time every call to it is given, so that their records cannot be told apart
    private final Map<String, LocalDateTime> sharedStarts = new ConcurrentHashMap<>();
    private final Set<String> indistinguishable = ConcurrentHashMap.newKeySet();

    /**
     * @param callIds where call ids come from, shared with the records a test adds
     * @param port    the simulator's HTTP port, for the recording URLs of the records
     */
    Calls(PlatformTime time, Records records, AtomicLong callIds, IntSupplier port) {
        this.time = time;
        this.records = records;
        this.callIds = callIds;
        this.port = port;
    }

    void addDisplayNumber(String number) {
        displayNumbers.add(number);
    }

    void failCallsTo(String called) {
        failingNumbers.add(called);
    }

    void noAnswerFrom(String called) {
        unansweredNumbers.add(called);
    }

    void callsLast(Duration length) {
        this.callLength = length;
    }

    void dropRecordsOfCallsTo(String called) {
        droppedRecords.add(called);
    }

    void delayRecordsOfCallsTo(String called, Duration delay) {
        recordDelays.put(called, delay);
    }

    void makeCallsToIndistinguishable(String called) {
        indistinguishable.add(called);
    }

    List<ReceivedCall> received() {
        return List.copyOf(received);
    }

    /** A placement that was not processed (refused by authentication, or answered with a fault). */
    void notProcessed(boolean axb, Map<String, String> form) {
        received.add(new ReceivedCall(axb, form, 0, null));
    }

    ResponseDefinitionBuilder place(boolean axb, Map<String, String> form) {
        String caller = form.getOrDefault("caller", "");
        String called = form.getOrDefault("called", "");
        int code;
        if (caller.isEmpty()) {
            code = 403;
        } else if (called.isEmpty()) {
            code = 404;
        } else if (!NUMBER.matcher(caller).matches()) {
            code = 406;
        } else if (!NUMBER.matcher(called).matches()) {
            code = 407;
        } else if (!displayKnown(form.get("display_caller")) || !displayKnown(form.get("display_called"))) {
            code = 408;
        } else if (form.containsKey("timeout") && !isPositiveInt(form.get("timeout"))
                   || failingNumbers.contains(called)) {
            code = 405;
        } else {
            code = 200;
        }
        if (code != 200) {
            received.add(new ReceivedCall(axb, form, code, null));
            return Answers.code(code, "error " + code);
        }
        String callId = Long.toString(callIds.incrementAndGet());
        received.add(new ReceivedCall(axb, form, 200, callId));
        LocalDateTime now = time.now();
        LocalDateTime start = indistinguishable.contains(called) ? sharedStarts.computeIfAbsent(called, c -> now) : now;
        Duration length = callLength;
        SimRecord record = unansweredNumbers.contains(called)
                ? new SimRecord(false, caller, called, "", start, null, start.plus(length), null, callId)
                : new SimRecord(false, caller, called, "", start, start, start.plus(length),
                        "http://127.0.0.1:" + port.getAsInt() + "/recordings/" + callId + ".mp3", callId);
        Duration delay = recordDelays.get(called);
        if (droppedRecords.contains(called)) {
            // the call happened, but the platform never shows its record
        } else if (delay != null) {
            records.addDelayed(record, record.endTime().plus(delay));
        } else {
            records.add(record);
        }
        return Answers.json("{\"code\":200,\"message\":\"ok\",\"callid\":\"" + callId + "\"}");
    }

    private boolean displayKnown(String number) {
        return number == null || number.isEmpty() || displayNumbers.contains(number);
    }

    private static boolean isPositiveInt(String text) {
        try {
            return Integer.parseInt(text) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

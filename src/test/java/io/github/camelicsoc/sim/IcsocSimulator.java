package io.github.camelicsoc.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * A simulator of the icsoc web-call API on a random loopback port, built as a WireMock extension. It checks the X-WSSE
 * header with its own digest code, applies each operation's result codes, remembers every call placed and turns it
 * into a two-way call record once the call has ended, holds inbound 400 records a test adds, and answers with
 * injected latency or faults on request.
 * <p>
 * Shipped in the project's test-jar: start one in a test, point {@code baseUrl} at {@link #baseUrl()} and use
 * {@link #VCC_CODE} and {@link #SECRET}.
 * <p>
 * This class is the simulator's whole API; the platform behind it is split by concern into {@code Authentication},
 * {@code Calls}, {@code Records} and {@code Faults}, with {@code Platform} routing each request to them.
 */
public final class IcsocSimulator implements AutoCloseable {

    /** An enterprise code the simulator knows from the start. */
    public static final String VCC_CODE = "7000001";
    /** The secret of {@link #VCC_CODE}. */
    public static final String SECRET = "sim-secret-7f3a";
    /** A 400 number the enterprise owns: accepted as a display number. */
    public static final String OWN_400_NUMBER = "4001234567";
    /** An AXB privacy (X) number the enterprise owns: accepted as the display number of the called party. */
    public static final String PRIVACY_NUMBER = "17100001111";

    private final WireMockServer server;
    private final PlatformTime time = new PlatformTime();
    private final Authentication authentication = new Authentication(time);
    private final Records records;
    private final Calls calls;
    private final Faults faults = new Faults();
    private final Platform platform;

    private IcsocSimulator(boolean https) {
        AtomicLong callIds = new AtomicLong(100000);
        records = new Records(time, callIds);
        calls = new Calls(time, records, callIds, this::port);
        platform = new Platform(authentication, calls, records, faults);
        authentication.addEnterprise(VCC_CODE, SECRET);
        calls.addDisplayNumber(OWN_400_NUMBER);
        calls.addDisplayNumber(PRIVACY_NUMBER);
        WireMockConfiguration options = WireMockConfiguration.options();
        if (https) {
            // WireMock's own self-signed certificate: clients must be told to trust it
            options.dynamicHttpsPort();
        }
        server = new WireMockServer(options
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(80)
                .disableRequestJournal()
                .notifier(new ConsoleNotifier(false))
                .extensions(platform));
    }

    /** Starts a simulator on a free loopback port. */
    public static IcsocSimulator start() {
        return start(false);
    }

    /** Starts a simulator that also listens for HTTPS, with WireMock's self-signed certificate. */
    public static IcsocSimulator startWithHttps() {
        return start(true);
    }

    private static IcsocSimulator start(boolean https) {
        IcsocSimulator simulator = new IcsocSimulator(https);
        simulator.server.start();
        simulator.server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
        return simulator;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** The base URL to give the component, {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The HTTPS base URL, when started with {@link #startWithHttps()}. */
    public String httpsBaseUrl() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    public int port() {
        return server.port();
    }

    /**
     * One record written exactly as a records query answers with it: the webcall400 form for an inbound record, the
     * webcall800 form for a two-way one. For harnesses that serve the platform's answers without a simulator.
     */
    public static String recordJson(SimRecord record) {
        StringBuilder sb = new StringBuilder(300);
        Records.append(sb, record, !record.inbound());
        return sb.toString();
    }

    // ---- arranging

    /** Makes another enterprise code known. */
    public IcsocSimulator addEnterprise(String vccCode, String secret) {
        authentication.addEnterprise(vccCode, secret);
        return this;
    }

    /** Makes a number acceptable as a display number (a 400 number or an AXB X number of the enterprise). */
    public IcsocSimulator addDisplayNumber(String number) {
        calls.addDisplayNumber(number);
        return this;
    }

    /** Calls to this called number are refused with 405 (call failed). */
    public IcsocSimulator failCallsTo(String called) {
        calls.failCallsTo(called);
        return this;
    }

    /** Calls to this called number are placed but never answered. */
    public IcsocSimulator noAnswerFrom(String called) {
        calls.noAnswerFrom(called);
        return this;
    }

    /**
     * Whether two-way (800) records carry the call id their placement was answered with. Off by default, like the
     * vendor's 800 sample, which has no {@code call_id}; on, like the 400 records, which do.
     */
    public IcsocSimulator twoWayRecordsCarryCallId(boolean carry) {
        records.twoWayCallIds(carry);
        return this;
    }

    /** Calls to this called number are placed (code 200, a call id), but their record never appears. */
    public IcsocSimulator dropRecordsOfCallsTo(String called) {
        calls.dropRecordsOfCallsTo(called);
        return this;
    }

    /** The records of calls to this called number appear only {@code delay} after the call ended. */
    public IcsocSimulator delayRecordsOfCallsTo(String called, Duration delay) {
        calls.delayRecordsOfCallsTo(called, delay);
        return this;
    }

    /**
     * Every call to this called number gets the start time of the first one, so that the records of two calls from
     * the same caller differ only in their call id (which 800 records do not carry by default).
     */
    public IcsocSimulator makeCallsToIndistinguishable(String called) {
        calls.makeCallsToIndistinguishable(called);
        return this;
    }

    /** How long each placed call lasts; its record appears only once it has ended. Zero by default. */
    public IcsocSimulator callsLast(Duration length) {
        calls.callsLast(length);
        return this;
    }

    /**
     * The clock the platform reads "now" from: for authentication (a header whose created time is more than five
     * minutes from it is refused), call start times and which calls have ended. The component signs with the system
     * clock, so a clock a few minutes off simulates a platform whose clock is skewed.
     */
    public IcsocSimulator useClock(Clock clock) {
        time.use(clock);
        return this;
    }

    /**
     * The clock the X-WSSE created time is checked against, when a test runs the platform's clock ({@link #useClock})
     * apart from the component's signing clock, such as a simulated day that passes in a minute.
     */
    public IcsocSimulator checkSignaturesAgainst(Clock clock) {
        time.signedOn(clock);
        return this;
    }

    /**
     * Every response trickles out in small chunks spread over {@code total}: never silent for long, yet slow to
     * finish, like a struggling gateway.
     */
    public IcsocSimulator trickleResponses(Duration total) {
        faults.trickle(total);
        return this;
    }

    /** Every response waits this long first. */
    public IcsocSimulator respondAfter(Duration latency) {
        faults.respondAfter(latency);
        return this;
    }

    /** The next requests, in order, get these faults instead of being processed. */
    public IcsocSimulator failNext(SimFault... faults) {
        this.faults.failNext(faults);
        return this;
    }

    /**
     * From now on, each request (one not already given a fault by {@link #failNext}) gets a fault at random, drawn
     * from a generator seeded with {@code seed}: an HTTP 5xx error page (500, 502 or 503) with probability
     * {@code http5xx}, a {@link SimFault#TIMEOUT} with probability {@code timeout}, a malformed JSON body with
     * probability {@code malformed} and a dropped connection (reset or closed without a response) with probability
     * {@code drop}. The same seed gives the same sequence of draws; which request gets which draw depends on the order
     * in which requests arrive.
     */
    public IcsocSimulator injectRandomFaults(long seed, double http5xx, double timeout, double malformed, double drop) {
        faults.injectRandom(seed, http5xx, timeout, malformed, drop);
        return this;
    }

    /** Stops injecting random faults. */
    public IcsocSimulator stopRandomFaults() {
        faults.stopRandom();
        return this;
    }

    /** How late a {@link SimFault#TIMEOUT} response comes; set it longer than the client's requestTimeout. */
    public IcsocSimulator timeoutAfter(Duration delay) {
        faults.timeoutAfter(delay);
        return this;
    }

    /**
     * Every response carries {@code Connection: close}, so each request needs a new connection, as with a platform
     * or gateway that does not keep connections alive.
     */
    public IcsocSimulator closeConnectionAfterEachResponse() {
        faults.closeConnectionAfterEachResponse();
        return this;
    }

    /**
     * Every records answer from now on goes through {@code rewrite} (its whole JSON body, as text) before it is sent:
     * for a platform that keeps answering a record it cannot write properly, repeats call ids, or writes {@code data}
     * its own way.
     */
    public IcsocSimulator rewriteRecordAnswers(UnaryOperator<String> rewrite) {
        records.rewriteAnswers(rewrite);
        return this;
    }

    /**
     * The next request that passes authentication is answered with this JSON body (HTTP 200) instead of being
     * processed: for sloppy or malformed responses.
     */
    public IcsocSimulator answerNext(String jsonBody) {
        faults.answerNext(jsonBody);
        return this;
    }

    /**
     * Adds {@code count} inbound 400 records whose start times are spread evenly over {@code span} from
     * {@code from}, each with its own call id; cheap enough for hundreds of thousands.
     */
    public IcsocSimulator addInboundRecords(int count, LocalDateTime from, Duration span) {
        return addRecords(records.inboundSpread(count, from, span));
    }

    /** Adds records (inbound 400 or two-way 800, as each record says) that queries return once they have ended. */
    public IcsocSimulator addRecords(Iterable<SimRecord> records) {
        for (SimRecord r : records) {
            this.records.add(r);
        }
        return this;
    }

    public IcsocSimulator addRecord(SimRecord record) {
        return addRecords(List.of(record));
    }

    // ---- observing

    /** Every request that reached the simulator, whatever it answered. */
    public int requestCount() {
        return platform.requestCount();
    }

    /** Requests that reached one operation's path. */
    public int requestCount(String path) {
        return platform.requestCount(path);
    }

    /** How many requests were answered with {@code fault}, queued with {@link #failNext} or drawn at random. */
    public int faultsInjected(SimFault fault) {
        return faults.injected(fault);
    }

    /** How many requests were answered with each fault. */
    public Map<SimFault, Integer> faultsInjected() {
        return faults.injected();
    }

    /** Every records query received, in order. */
    public List<RecordQuery> queries() {
        return records.queries();
    }

    /** How many records the records queries answered in all (a record in several answers counts each time). */
    public long recordsAnswered() {
        return records.recordsAnswered();
    }

    /** The bytes of every records query's answer body, in all. */
    public long recordAnswerBytes() {
        return records.answerBytes();
    }

    /** Every call placement request received, in order. */
    public List<ReceivedCall> calls() {
        return calls.received();
    }

    /** The current time on the platform's wall clock (UTC+08:00). */
    public LocalDateTime now() {
        return time.now();
    }
}

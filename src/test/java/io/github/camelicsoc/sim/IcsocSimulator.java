package io.github.camelicsoc.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A simulator of the icsoc web-call API on a random loopback port, built as a WireMock extension. It checks the X-WSSE
 * header with its own digest code, applies each operation's result codes, remembers every call placed and turns it
 * into a two-way call record once the call has ended, holds inbound 400 records a test adds, and answers with
 * injected latency or faults on request.
 * <p>
 * Shipped in the project's test-jar: start one in a test, point {@code baseUrl} at {@link #baseUrl()} and use
 * {@link #VCC_CODE} and {@link #SECRET}.
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

    static final ZoneOffset PLATFORM_ZONE = ZoneOffset.ofHours(8);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String NEVER_ANSWERED = "1970-01-01 08:00:00";
    static final String CONNECTED = "已接通";
    static final String NOT_CONNECTED = "未接通";

    private static final Pattern WSSE_FIELD = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{3,20}");
    private static final long MAX_CLOCK_SKEW_SECONDS = 300;

    private final WireMockServer server;
    private final Map<String, String> enterprises = new ConcurrentHashMap<>();
    private final Set<String> displayNumbers = ConcurrentHashMap.newKeySet();
    private final Set<String> failingNumbers = ConcurrentHashMap.newKeySet();
    private final Set<String> unansweredNumbers = ConcurrentHashMap.newKeySet();
    private final Set<String> seenNonces = ConcurrentHashMap.newKeySet();
    private final List<ReceivedCall> calls = new CopyOnWriteArrayList<>();
    private final List<SimRecord> twoWayRecords = Collections.synchronizedList(new ArrayList<>());
    private final List<SimRecord> inboundRecords = Collections.synchronizedList(new ArrayList<>());
    private final Deque<SimFault> nextFaults = new ArrayDeque<>();
    private final Deque<String> nextBodies = new ArrayDeque<>();
    private final List<RecordQuery> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong(100000);
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration callLength = Duration.ZERO;
    private volatile int latencyMillis;
    private volatile int trickleMillis;
    private volatile int timeoutMillis = 5000;
    private volatile boolean closeConnections;
    private volatile RandomFaults randomFaults;
    private final Map<SimFault, AtomicInteger> faultsInjected = new EnumMap<>(SimFault.class);

    private IcsocSimulator(boolean https) {
        enterprises.put(VCC_CODE, SECRET);
        for (SimFault fault : SimFault.values()) {
            faultsInjected.put(fault, new AtomicInteger());
        }
        displayNumbers.add(OWN_400_NUMBER);
        displayNumbers.add(PRIVACY_NUMBER);
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
                .extensions(new Platform()));
    }

    // what rewriteRecordAnswers installed: a records answer's body on its way out
    private volatile java.util.function.UnaryOperator<String> recordAnswerRewrite = s -> s;

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

    // ---- arranging

    /** Makes another enterprise code known. */
    public IcsocSimulator addEnterprise(String vccCode, String secret) {
        enterprises.put(vccCode, secret);
        return this;
    }

    /** Makes a number acceptable as a display number (a 400 number or an AXB X number of the enterprise). */
    public IcsocSimulator addDisplayNumber(String number) {
        displayNumbers.add(number);
        return this;
    }

    /** Calls to this called number are refused with 405 (call failed). */
    public IcsocSimulator failCallsTo(String called) {
        failingNumbers.add(called);
        return this;
    }

    /** Calls to this called number are placed but never answered. */
    public IcsocSimulator noAnswerFrom(String called) {
        unansweredNumbers.add(called);
        return this;
    }

    /** How long each placed call lasts; its record appears only once it has ended. Zero by default. */
    public IcsocSimulator callsLast(Duration length) {
        this.callLength = length;
        return this;
    }

    /** The clock the simulator reads "now" from (for call start times and which calls have ended). */
    public IcsocSimulator useClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Every response trickles out in small chunks spread over {@code total}: never silent for long, yet slow to
     * finish, like a struggling gateway.
     */
    public IcsocSimulator trickleResponses(Duration total) {
        this.trickleMillis = (int) total.toMillis();
        return this;
    }

    /** Every response waits this long first. */
    public IcsocSimulator respondAfter(Duration latency) {
        this.latencyMillis = (int) latency.toMillis();
        return this;
    }

    /** The next requests, in order, get these faults instead of being processed. */
    public IcsocSimulator failNext(SimFault... faults) {
        synchronized (nextFaults) {
            nextFaults.addAll(List.of(faults));
        }
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
        if (http5xx < 0 || timeout < 0 || malformed < 0 || drop < 0 || http5xx + timeout + malformed + drop > 1) {
            throw new IllegalArgumentException("fault probabilities must be non-negative and add up to at most 1");
        }
        this.randomFaults = new RandomFaults(seed, http5xx, timeout, malformed, drop);
        return this;
    }

    /** Stops injecting random faults. */
    public IcsocSimulator stopRandomFaults() {
        this.randomFaults = null;
        return this;
    }

    /** How late a {@link SimFault#TIMEOUT} response comes; set it longer than the client's requestTimeout. */
    public IcsocSimulator timeoutAfter(Duration delay) {
        this.timeoutMillis = (int) delay.toMillis();
        return this;
    }

    /**
     * Every response carries {@code Connection: close}, so each request needs a new connection, as with a platform
     * or gateway that does not keep connections alive.
     */
    public IcsocSimulator closeConnectionAfterEachResponse() {
        this.closeConnections = true;
        return this;
    }

    /**
     * Every records answer from now on goes through {@code rewrite} (its whole JSON body, as text) before it is sent:
     * for a platform that keeps answering a record it cannot write properly, repeats call ids, or writes {@code data}
     * its own way.
     */
    public IcsocSimulator rewriteRecordAnswers(java.util.function.UnaryOperator<String> rewrite) {
        this.recordAnswerRewrite = rewrite;
        return this;
    }

    /**
     * The next request that passes authentication is answered with this JSON body (HTTP 200) instead of being
     * processed: for sloppy or malformed responses.
     */
    public IcsocSimulator answerNext(String jsonBody) {
        synchronized (nextFaults) {
            nextBodies.add(jsonBody);
        }
        return this;
    }

    /**
     * Adds {@code count} inbound 400 records whose start times are spread evenly over {@code span} from
     * {@code from}, each with its own call id; cheap enough for hundreds of thousands.
     */
    public IcsocSimulator addInboundRecords(int count, LocalDateTime from, Duration span) {
        List<SimRecord> records = new ArrayList<>(count);
        long stepMillis = Math.max(1, span.toMillis() / Math.max(1, count));
        for (int i = 0; i < count; i++) {
            LocalDateTime start = from.plusNanos(stepMillis * i * 1_000_000L).withNano(0);
            records.add(SimRecord.inbound("1380000" + String.format("%04d", i % 10000), "4001234567", start,
                    30 + i % 300, "in-" + callIds.incrementAndGet()));
        }
        return addRecords(records);
    }

    /** Adds records (inbound 400 or two-way 800, as each record says) that queries return once they have ended. */
    public IcsocSimulator addRecords(Iterable<SimRecord> records) {
        for (SimRecord r : records) {
            (r.inbound() ? inboundRecords : twoWayRecords).add(r);
        }
        return this;
    }

    public IcsocSimulator addRecord(SimRecord record) {
        return addRecords(List.of(record));
    }

    // ---- observing

    /** Every request that reached the simulator, whatever it answered. */
    public int requestCount() {
        return requests.get();
    }

    /** Requests that reached one operation's path. */
    public int requestCount(String path) {
        AtomicInteger n = requestsByPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** How many requests were answered with {@code fault}, queued with {@link #failNext} or drawn at random. */
    public int faultsInjected(SimFault fault) {
        return faultsInjected.get(fault).get();
    }

    /** How many requests were answered with each fault. */
    public Map<SimFault, Integer> faultsInjected() {
        Map<SimFault, Integer> counts = new EnumMap<>(SimFault.class);
        faultsInjected.forEach((fault, n) -> counts.put(fault, n.get()));
        return counts;
    }

    /** Every records query received, in order. */
    public List<RecordQuery> queries() {
        return List.copyOf(queries);
    }

    /** Every call placement request received, in order. */
    public List<ReceivedCall> calls() {
        return List.copyOf(calls);
    }

    /** The current time on the platform's wall clock (UTC+08:00). */
    public LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(PLATFORM_ZONE));
    }

    // ---- the platform

    private final class Platform implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "icsoc-platform";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            requests.incrementAndGet();
            String path = request.getUrl();
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            SimFault fault = nextFault();
            if (fault != null) {
                faultsInjected.get(fault).incrementAndGet();
            }
            ResponseDefinitionBuilder response;
            if (fault == null || fault == SimFault.TIMEOUT) {
                response = answer(request, path);
            } else {
                Map<String, String> form = form(request.getBodyAsString());
                boolean axb = path.equals("/v2/wintelapi/webcall/cti/axb");
                if (axb || path.equals("/v2/wintelapi/webcall/cti")) {
                    calls.add(new ReceivedCall(axb, form, 0, null));
                }
                response = faulty(fault);
            }
            int delay = fault == SimFault.TIMEOUT ? timeoutMillis : latencyMillis;
            if (delay > 0) {
                response = response.withFixedDelay(delay);
            }
            if (trickleMillis > 0) {
                response = response.withChunkedDribbleDelay(30, trickleMillis);
            }
            if (closeConnections) {
                response = response.withHeader("Connection", "close");
            }
            return response.build();
        }

        /** A fault queued with failNext, else one drawn at random, else null. */
        private SimFault nextFault() {
            SimFault fault;
            synchronized (nextFaults) {
                fault = nextFaults.poll();
            }
            RandomFaults random = randomFaults;
            return fault != null || random == null ? fault : random.draw();
        }

        private ResponseDefinitionBuilder answer(Request request, String path) {
            Map<String, String> form = form(request.getBodyAsString());
            boolean axb = path.equals("/v2/wintelapi/webcall/cti/axb");
            boolean call = axb || path.equals("/v2/wintelapi/webcall/cti");
            if (!"POST".equals(request.getMethod().getName())) {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(405);
            }
            ResponseDefinitionBuilder denied = authenticate(request.getHeader("X-WSSE"));
            if (denied != null) {
                if (call) {
                    calls.add(new ReceivedCall(axb, form, 0, null));
                }
                return denied;
            }
            String canned;
            synchronized (nextFaults) {
                canned = nextBodies.poll();
            }
            if (canned != null) {
                return json(canned);
            }
            if (call) {
                return placeCall(axb, form);
            }
            if (path.equals("/v2/wintelapi/webcall/webcall800")) {
                return queryRecords(twoWayRecords, form, true);
            }
            if (path.equals("/v2/wintelapi/webcall/webcall400")) {
                return queryRecords(inboundRecords, form, false);
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(404)
                    .withBody("<html><body>404 Not Found</body></html>");
        }

        /** Null when the header is good; the platform's answer otherwise. */
        private ResponseDefinitionBuilder authenticate(String header) {
            Map<String, String> fields = new HashMap<>();
            if (header != null) {
                Matcher m = WSSE_FIELD.matcher(header);
                while (m.find()) {
                    fields.put(m.group(1), m.group(2));
                }
            }
            String vccCode = fields.get("Username");
            if (vccCode == null || vccCode.isEmpty()) {
                return code(401, "企业代码为空");
            }
            String secret = enterprises.get(vccCode);
            if (secret == null) {
                return code(402, "企业代码不存在");
            }
            String nonce = fields.get("Nonce");
            String created = fields.get("Created");
            String digest = fields.get("PasswordDigest");
            if (nonce == null || created == null || digest == null) {
                return authenticationFailure("incomplete X-WSSE header");
            }
            byte[] nonceBytes;
            long createdSeconds;
            try {
                nonceBytes = Base64.getDecoder().decode(nonce);
                createdSeconds = Long.parseLong(created);
            } catch (IllegalArgumentException e) {
                return authenticationFailure("malformed nonce or created");
            }
            if (Math.abs(System.currentTimeMillis() / 1000 - createdSeconds) > MAX_CLOCK_SKEW_SECONDS) {
                return authenticationFailure("created is too far from now");
            }
            if (!expectedDigest(nonceBytes, created, secret).equals(digest)) {
                return authenticationFailure("digest mismatch");
            }
            if (!seenNonces.add(nonce)) {
                return authenticationFailure("nonce already used");
            }
            return null;
        }

        private ResponseDefinitionBuilder placeCall(boolean axb, Map<String, String> form) {
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
                calls.add(new ReceivedCall(axb, form, code, null));
                return code(code, "error " + code);
            }
            String callId = Long.toString(callIds.incrementAndGet());
            calls.add(new ReceivedCall(axb, form, 200, callId));
            LocalDateTime start = now();
            SimRecord record = unansweredNumbers.contains(called)
                    ? new SimRecord(false, caller, called, "", start, null, start.plus(callLength), null, callId)
                    : new SimRecord(false, caller, called, "", start, start, start.plus(callLength),
                            "http://127.0.0.1:" + server.port() + "/recordings/" + callId + ".mp3", callId);
            twoWayRecords.add(record);
            return json("{\"code\":200,\"message\":\"ok\",\"callid\":\"" + callId + "\"}");
        }

        private ResponseDefinitionBuilder queryRecords(List<SimRecord> store, Map<String, String> form, boolean twoWay) {
            queries.add(new RecordQuery(!twoWay, form.get("start_time"), form.get("end_time")));
            LocalDateTime start;
            LocalDateTime end;
            try {
                start = LocalDateTime.parse(form.getOrDefault("start_time", ""), TIME);
            } catch (DateTimeParseException e) {
                return code(403, "开始时间格式不正确");
            }
            String endText = form.get("end_time");
            try {
                end = endText == null || endText.isEmpty() ? null : LocalDateTime.parse(endText, TIME);
            } catch (DateTimeParseException e) {
                return code(404, "结束时间格式不正确");
            }
            LocalDateTime now = now();
            List<SimRecord> found = new ArrayList<>();
            synchronized (store) {
                for (SimRecord r : store) {
                    if (!r.startTime().isBefore(start) && (end == null || !r.startTime().isAfter(end))
                        && !r.endTime().isAfter(now)) {
                        found.add(r);
                    }
                }
            }
            StringBuilder body = new StringBuilder(64 + found.size() * 300);
            body.append("{\"code\":200,\"message\":\"ok\",\"data\":");
            // like the vendor's own sample, a single two-way record comes as an object, not an array
            boolean single = twoWay && found.size() == 1;
            if (!single) {
                body.append('[');
            }
            for (int i = 0; i < found.size(); i++) {
                if (i > 0) {
                    body.append(',');
                }
                appendRecord(body, found.get(i), twoWay);
            }
            if (!single) {
                body.append(']');
            }
            return json(recordAnswerRewrite.apply(body.append('}').toString()));
        }
    }

    static void appendRecord(StringBuilder sb, SimRecord r, boolean twoWay) {
        sb.append("{\"caller\":\"").append(r.caller()).append("\",\"called\":\"").append(r.called()).append('"');
        if (twoWay) {
            sb.append(",\"out\":\"out\"");
        } else {
            sb.append(",\"ivr_digits\":\"").append(r.ivrDigits()).append("\",\"in\":\"in\"");
        }
        sb.append(",\"start_time\":\"").append(TIME.format(r.startTime()))
                .append("\",\"conn_time\":\"")
                .append(r.answerTime() == null ? NEVER_ANSWERED : TIME.format(r.answerTime()))
                .append("\",\"end_time\":\"").append(TIME.format(r.endTime()))
                .append("\",\"all_secs\":\"").append(r.durationSeconds())
                .append("\",\"record_file\":");
        if (r.recordFile() == null) {
            sb.append("null");
        } else {
            sb.append('"').append(r.recordFile()).append('"');
        }
        sb.append(",\"result\":\"").append(r.connected() ? CONNECTED : NOT_CONNECTED).append('"');
        // the 800 sample has no call id; the 400 table documents one
        if (!twoWay && r.callId() != null) {
            sb.append(",\"call_id\":\"").append(r.callId()).append('"');
        }
        sb.append('}');
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

    /** The digest as the platform computes it, written independently of the component's code. */
    static String expectedDigest(byte[] nonce, String created, String secret) {
        try {
            byte[] created8 = created.getBytes(StandardCharsets.UTF_8);
            byte[] secret8 = secret.getBytes(StandardCharsets.UTF_8);
            byte[] input = new byte[nonce.length + created8.length + secret8.length];
            System.arraycopy(nonce, 0, input, 0, nonce.length);
            System.arraycopy(created8, 0, input, nonce.length, created8.length);
            System.arraycopy(secret8, 0, input, nonce.length + created8.length, secret8.length);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA1").digest(input));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private static ResponseDefinitionBuilder code(int code, String message) {
        return json("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder authenticationFailure(String why) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(401)
                .withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody("authentication failed: " + why);
    }

    private static ResponseDefinitionBuilder faulty(SimFault fault) {
        ResponseDefinitionBuilder r = ResponseDefinitionBuilder.responseDefinition();
        return switch (fault) {
            case HTTP_500 -> errorPage(r, 500, "Internal Server Error");
            case HTTP_502 -> errorPage(r, 502, "Bad Gateway");
            case HTTP_503 -> errorPage(r, 503, "Service Temporarily Unavailable");
            case MALFORMED_JSON -> r.withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":200,\"message\":\"ok\",\"data\":[{\"caller\":\"138");
            case CONNECTION_RESET -> r.withFault(Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE -> r.withFault(Fault.EMPTY_RESPONSE);
            case TIMEOUT -> throw new IllegalArgumentException("a timeout is a late answer, not a fault page");
        };
    }

    private static ResponseDefinitionBuilder errorPage(ResponseDefinitionBuilder r, int status, String reason) {
        return r.withStatus(status).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>" + status + " " + reason + "</title></head><body><center><h1>" + status
                          + " " + reason + "</h1></center><hr><center>nginx</center></body></html>");
    }

    /** Faults drawn at random from a seeded generator, one draw per request. */
    private static final class RandomFaults {
        private final Random random;
        private final double http5xx;
        private final double timeout;
        private final double malformed;
        private final double drop;

        RandomFaults(long seed, double http5xx, double timeout, double malformed, double drop) {
            this.random = new Random(seed);
            this.http5xx = http5xx;
            this.timeout = timeout;
            this.malformed = malformed;
            this.drop = drop;
        }

        synchronized SimFault draw() {
            double r = random.nextDouble();
            int variant = random.nextInt(6);
            if (r < http5xx) {
                return variant % 3 == 0 ? SimFault.HTTP_500 : variant % 3 == 1 ? SimFault.HTTP_502 : SimFault.HTTP_503;
            }
            r -= http5xx;
            if (r < timeout) {
                return SimFault.TIMEOUT;
            }
            r -= timeout;
            if (r < malformed) {
                return SimFault.MALFORMED_JSON;
            }
            r -= malformed;
            if (r < drop) {
                return variant % 2 == 0 ? SimFault.CONNECTION_RESET : SimFault.EMPTY_RESPONSE;
            }
            return null;
        }
    }
}

package io.github.camelicsoc;

import javax.sql.DataSource;

import io.github.camelicsoc.model.CallMode;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.outcome.PlacementStore;
import io.github.camelicsoc.records.RereadSchedule;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Every option of the icsoc component and its endpoints. The component holds one instance; each endpoint starts
 * from a {@link #copy()} of it and applies its own URI options on top.
 * <p>
 * Its length is the options themselves: each field's Javadoc (the catalog and the component page are generated from
 * it) and the getter and setter Camel binds. The rules the values must follow are in {@link IcsocOptions}.
 */
@UriParams
public class IcsocConfiguration implements Cloneable {

    /** The platform's address when none is configured. */
    public static final String DEFAULT_BASE_URL = "http://m.icsoc.net";

    /** The default markBatchSize: a statement per 50 records, and at most 100 records again after a kill. */
    public static final int DEFAULT_MARK_BATCH_SIZE = 100;

    /** recordsStore values: state in memory, or in the database of the dataSource option. */
    public static final String RECORDS_STORE_MEMORY = "memory";
    public static final String RECORDS_STORE_JDBC = "jdbc";

    // common

    /**
     * The platform's base URL; the operation paths are appended to it. Point it at a simulator in tests.
     */
    @UriParam(defaultValue = DEFAULT_BASE_URL)
    private String baseUrl = DEFAULT_BASE_URL;

    /**
     * The enterprise code (vcc code) the platform issued. It is the user name of the X-WSSE authentication.
     */
    @UriParam(label = "security")
    private String vccCode;

    /**
     * The API secret the platform issued for the enterprise code. Used only to sign requests; never logged or shown.
     */
    @UriParam(label = "security", secret = true)
    private String secret;

    /**
     * The name of an environment variable that holds the API secret, read by the component when the secret option
     * is not set (or empty). Camel logs the values it binds from properties, and what a placeholder resolves to, at
     * DEBUG; with this option only the variable's name passes through Camel. A variable that is not set or blank is
     * refused when the endpoint is created, and so is a value that is not a variable's name (without repeating it).
     */
    @UriParam(label = "security")
    private String secretFromEnv;

    /**
     * How long to wait for a connection to the platform: from 1ms to 10m.
     */
    @UriParam(defaultValue = "10000", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;

    /**
     * How long the platform may stay silent once a request is sent. A call placement must also be answered in full
     * within connectTimeout plus requestTimeout, and a records download within connectTimeout plus ten times
     * requestTimeout. For a call placement, a timeout means the call may still have been placed: it is reported,
     * never retried. From 1ms to 1h.
     */
    @UriParam(defaultValue = "30000", javaType = "java.time.Duration")
    private long requestTimeout = 30_000;

    /**
     * The host of an HTTP proxy to reach the platform through.
     */
    @UriParam(label = "proxy")
    private String proxyHost;

    /**
     * The port of the HTTP proxy (1 to 65535); give it with proxyHost.
     */
    @UriParam(label = "proxy")
    private Integer proxyPort;

    /**
     * TLS settings for an https base URL (trust store, key store, protocols), as Camel's SSLContextParameters.
     */
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;

    /**
     * A hook to customize the Apache HttpClient 5 async client builder after the component's own settings.
     */
    @UriParam(label = "advanced")
    private IcsocHttpClientConfigurer httpClientConfigurer;

    /**
     * An Apache HttpClient 5 async client of your own to send every request with, instead of the one the component
     * builds. The component starts it if it is not started, and never closes it; the transport options (timeouts
     * of the connection, proxy, TLS, connection limits, httpClientConfigurer) then do not apply. Turn its automatic
     * retries off: a retried call placement can ring a person twice.
     */
    @UriParam(label = "advanced")
    private org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient httpClient;

    /**
     * The most connections the component's HTTP client keeps open in all (1 to 10000).
     */
    @UriParam(label = "advanced", defaultValue = "200")
    private int maxConnections = 200;

    /**
     * The most connections the component's HTTP client keeps open to one host, the platform (1 to 10000).
     */
    @UriParam(label = "advanced", defaultValue = "200")
    private int maxConnectionsPerRoute = 200;

    // producer

    /**
     * How the call is placed: classic two-way call, or axb (the called party is bridged through an AXB privacy
     * number given as displayCalled).
     */
    @UriParam(label = "producer", enums = "classic,axb", defaultValue = "classic")
    private CallMode mode = CallMode.CLASSIC;

    /**
     * The number rung first, usually the agent. Normalized before sending: spaces and dashes dropped, the country
     * prefix (a plus sign and 86, or 0086) removed.
     */
    @UriParam(label = "producer")
    private String caller;

    /**
     * The number bridged second, usually the customer (the B number in AXB mode). Normalized like caller.
     */
    @UriParam(label = "producer")
    private String called;

    /**
     * Seconds the platform lets each leg ring, a whole number from 1 to 3600. Left out of the request unless set, so the
     * platform's default (50) applies.
     */
    @UriParam(label = "producer")
    private Integer timeout;

    /**
     * The number shown to the caller: one of your own 400 numbers.
     */
    @UriParam(label = "producer")
    private String displayCaller;

    /**
     * The number shown to the called party: your 400 number, or the X (privacy) number in AXB mode.
     */
    @UriParam(label = "producer")
    private String displayCalled;

    /**
     * Sets whether synchronous processing should be strictly used: the thread that sends the exchange to icsoc:call
     * waits for the platform's answer (at most the call's deadline, connectTimeout plus requestTimeout) and continues
     * the route itself, instead of handing the rest of the route to the component's completion threads. For routes
     * that place one call at a time and wait for it anyway (a ProducerTemplate, a synchronous consumer): one thread
     * switch less per call. Each call in flight then holds its caller thread. Answers, errors and the deadline are the
     * same in both modes; a waiting thread that is interrupted ends its call early (NOT_SENT if the request never left,
     * otherwise NO_RESPONSE: the call may have been placed).
     */
    @UriParam(label = "producer,advanced", defaultValue = "false")
    private boolean synchronous;

    // consumer

    /**
     * Which records to ingest: 800 (two-way call records, webcall800) or 400 (inbound 400-number records,
     * webcall400). Required for icsoc:records: an endpoint without it is refused when it is created.
     */
    @UriParam(label = "consumer", enums = "800,400")
    private String type;

    /**
     * How far back from the watermark each poll asks again. Records appear only after a call ends, so a call is
     * picked up if it lasted less than lookback plus settle. Re-read records are dropped by the idempotent
     * repository, so a longer lookback costs traffic, not duplicates. From 0 to 30d.
     */
    @UriParam(label = "consumer", defaultValue = "3600000", javaType = "java.time.Duration")
    private long lookback = 3_600_000;

    public static final String REREAD_EVERY_POLL = RereadSchedule.EVERY_POLL;
    public static final String REREAD_SCHEDULE_DEFAULT = RereadSchedule.DEFAULT;

    /**
     * When a poll asks again for the records of calls that started earlier: a record appears only when its call ends,
     * so a window is read again until it leaves the lookback. everyPoll reads the whole lookback every poll (each
     * record is downloaded some 60 times with the defaults). A comma-separated list of ascending ages (3m,5m,10m)
     * reads a window again once its newest start is that old (a little later: reads due close together are asked
     * together), and always once more when it leaves the lookback, so a call that lasted less than lookback plus
     * settle is never missed either way; a record whose call ended between two ages reaches the route at the next
     * one. Ages not between settle and lookback plus settle are ignored. A poll after a start, a failure, a refused
     * record or maxMessagesPerPoll reads the whole lookback.
     */
    @UriParam(label = "consumer", defaultValue = REREAD_SCHEDULE_DEFAULT)
    private String rereadSchedule = REREAD_SCHEDULE_DEFAULT;

    /**
     * How far behind now each poll's window ends, to let the platform finish writing records of calls that just
     * ended. From 0 to 1d.
     */
    @UriParam(label = "consumer", defaultValue = "60000", javaType = "java.time.Duration")
    private long settle = 60_000;

    /**
     * The longest time span one records request asks for; a longer window is split into several requests, so that
     * one response stays a manageable size. From 1s to 30d.
     */
    @UriParam(label = "consumer", defaultValue = "3600000", javaType = "java.time.Duration")
    private long maxWindow = 3_600_000;

    /**
     * Where the first poll begins when no watermark is stored yet: an absolute time (yyyy-MM-dd HH:mm:ss on the
     * platform's clock, which is eight hours ahead of UTC, or ISO-8601 with an offset such as 2026-11-27T00:00:00Z),
     * or a duration back from the moment the consumer starts (24h, 90m, PT24H), not before 2000-01-01. Ignored once a
     * watermark exists.
     */
    @UriParam(label = "consumer", defaultValue = "24h")
    private String startTime = "24h";

    /**
     * Remembers which records were delivered so overlapping windows deliver each record once. Defaults to an
     * in-memory repository of the last 100,000 records delivered (a 128-bit hash of each of their marks); use a persistent or shared one (file, JDBC, ...) so that a
     * restart or a second node does not deliver records again.
     */
    @UriParam(label = "consumer")
    private IdempotentRepository idempotentRepository;

    /**
     * Keeps the watermark (how far records have been delivered), keyed by enterprise code and record type, so a
     * restarted route resumes where it stopped. Defaults to memory; use a FileStateRepository or another
     * persistent implementation to survive restarts.
     */
    @UriParam(label = "consumer")
    private StateRepository<String, String> stateRepository;

    /**
     * Where the records consumer keeps its watermark and the keys of the records it delivered when stateRepository and
     * idempotentRepository are not given, and where icsoc:call remembers the calls it placed with a correlation key
     * when placementStore is not given: memory (lost at a restart, which then delivers up to startTime of records
     * again) or jdbc (tables icsoc_state, icsoc_delivered and icsoc_placement in the database of the dataSource
     * option, created when missing; durable and shared by every node using that database).
     */
    @UriParam(enums = "memory,jdbc", defaultValue = "memory")
    private String recordsStore = RECORDS_STORE_MEMORY;

    /**
     * The database of recordsStore=jdbc (the records consumer's state and icsoc:call's placements), as a reference to a
     * javax.sql.DataSource bean (preferably a pooled one); when not set and the registry holds exactly one DataSource,
     * that one is used.
     */
    @UriParam(label = "advanced")
    private DataSource dataSource;

    /**
     * Whether a records store whose database cannot be reached when the consumer starts fails the start. By default
     * the consumer starts anyway, reports DOWN with the reason and tries again at each poll, so that the
     * application's other routes run. A store that can be reached but not written (a read-only user, a narrow column,
     * the wrong dialect) fails the start either way.
     */
    @UriParam(label = "consumer,advanced", defaultValue = "false")
    private boolean recordsStoreRequiredAtStart;

    /**
     * With recordsStore=jdbc (or another idempotent repository that writes many keys at once), how many delivered
     * records may wait with their keys unwritten. They are written half this many at a time, in one statement on a
     * thread of their own while the next half fills: when half are waiting, before each watermark write (the
     * watermark never passes a record whose key is not written), at the end of each poll and when the consumer
     * stops. A process killed meanwhile delivers the records whose keys were waiting again after its restart: at most
     * this many per route and kill, the record in flight included. 1 writes each record's keys once its exchange
     * succeeded, on the consumer's thread (at most the record in flight again). Other repositories write each key at
     * once. From 1 to 1000.
     */
    @UriParam(label = "consumer,advanced", defaultValue = "100")
    private int markBatchSize = DEFAULT_MARK_BATCH_SIZE;

    /**
     * Deliver one exchange per poll whose body is a List of CallRecord, instead of one exchange per record. The
     * list holds every new record of the poll in memory; bound it with maxMessagesPerPoll.
     */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean batch;

    /**
     * The most new records one poll delivers (0 for no limit). The rest follow in the next poll (at once when
     * greedy is set).
     */
    @UriParam(label = "consumer", defaultValue = "0")
    private int maxMessagesPerPoll;

    public static final String RECORD_VERSIONS_ALL = "all";
    public static final String RECORD_VERSIONS_FIRST = "first";

    /**
     * Which states of a record reach the route. The platform fills fields in after a call ends (record_file once the
     * recording is uploaded, a corrected end_time): with all, each content a record key comes with, in the same
     * answer or a later poll within the lookback, is delivered once, a newer one with the header
     * CamelIcsocRecordVersion (2, 3, ...); with first, only the first state of each record is delivered.
     */
    @UriParam(label = "consumer", enums = "all,first", defaultValue = "all")
    private String recordVersions = RECORD_VERSIONS_ALL;

    /**
     * How far the watermark may fall behind now before the consumer's health check reports DOWN, so that a stalled
     * ingestion pages someone even when no poll fails. It must be longer than settle plus the poll delay, as the
     * watermark always stays that far behind; at most 365d. 0, the default, means three times lookback (3 hours with
     * the default lookback), and never less than settle plus three poll delays plus a minute.
     */
    @UriParam(label = "consumer", defaultValue = "0", javaType = "java.time.Duration")
    private long maxLag;

    /**
     * The most bytes one records answer may have. Past it the download stops, its spool file is removed, the poll
     * fails with a BAD_RESPONSE IcsocException and the watermark stays. The default, 1 GiB (some 3 million records),
     * is far above a real window and stops a runaway answer before it fills the disk. From 1 to 1 TiB.
     */
    @UriParam(label = "consumer,advanced", defaultValue = "1073741824")
    private long maxRecordsDownload = 1L << 30;

    /**
     * Where records answers larger than 256 KiB are spooled while they are read. Defaults to the spool directory of
     * Camel's stream caching when its spooling is enabled, else the JVM's temporary directory. Spool files are
     * removed when the poll ends, however it ends.
     */
    @UriParam(label = "consumer,advanced")
    private String spoolDirectory;

    // call outcomes

    /**
     * The name of a message header holding the business key a call is placed for (a ticket id, say), used when the
     * header CamelIcsocCorrelationKey is not set. Only calls placed with a key are remembered, so that their record, or
     * the lack of one, comes back to a records consumer with that key. A key has at most 200 characters.
     */
    @UriParam(label = "producer")
    private String correlationKeyHeader;

    /**
     * Names of message headers (comma-separated, at most 10) whose values a call placed with a correlation key
     * carries to its outcome: the records consumer sets them, under the same names, on the call's record or
     * timed-out outcome. Each value is at most 500 characters and all of them together at most 2000; a message past
     * these bounds is refused before the call is sent.
     */
    @UriParam(label = "producer")
    private String carriedHeaders;

    /**
     * Where placed calls are remembered until their record comes or their outcome times out, shared by producers and
     * consumers. When not set: with recordsStore=jdbc, a table in the records database, shared by every node; else one
     * store in memory per CamelContext, bounded by maxPlacements.
     */
    @UriParam(label = "advanced")
    private PlacementStore placementStore;

    /**
     * The most placements the default in-memory store keeps (as set where the first icsoc endpoint of the CamelContext
     * that needs it is created); past it the oldest is forgotten with a WARN (its record can then no longer be
     * matched). From 1 to 10,000,000.
     */
    @UriParam(label = "advanced", defaultValue = "10000")
    private int maxPlacements = 10_000;

    /**
     * How long a placement is remembered after the call was placed, matched or not; older ones are pruned at each
     * records poll. From 1s to 365d.
     */
    @UriParam(defaultValue = "86400000", javaType = "java.time.Duration")
    private long placementExpiry = 86_400_000;

    /**
     * Deliver call outcomes only: one exchange per call placed with a correlation key, either its record (header
     * CamelIcsocOutcome=RECORD, then again for each newer version of it) or, when no record came within
     * outcomeTimeout, a CallOutcome body with header CamelIcsocOutcome=TIMED_OUT. Records of calls not placed through
     * the component are read and passed over. Needs type=800.
     */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean outcomes;

    /**
     * How long after a call's ring timeout its record may take to come before the call's outcome is TIMED_OUT,
     * measured against the watermark (the time up to which records have been read). 0, the default, means lookback
     * plus a minute of clock skew: a record starting later than that behind the watermark is never read. A shorter
     * timeout gives outcomes sooner; a record that comes after it is still delivered, with
     * CamelIcsocOutcome=LATE_RECORD. From 0 to 30d.
     */
    @UriParam(label = "consumer", defaultValue = "0", javaType = "java.time.Duration")
    private long outcomeTimeout;

    public String getCorrelationKeyHeader() {
        return correlationKeyHeader;
    }

    public void setCorrelationKeyHeader(String correlationKeyHeader) {
        this.correlationKeyHeader = correlationKeyHeader;
    }

    public String getCarriedHeaders() {
        return carriedHeaders;
    }

    public void setCarriedHeaders(String carriedHeaders) {
        this.carriedHeaders = carriedHeaders;
    }

    public PlacementStore getPlacementStore() {
        return placementStore;
    }

    public void setPlacementStore(PlacementStore placementStore) {
        this.placementStore = placementStore;
    }

    public int getMaxPlacements() {
        return maxPlacements;
    }

    public void setMaxPlacements(int maxPlacements) {
        this.maxPlacements = maxPlacements;
    }

    public long getPlacementExpiry() {
        return placementExpiry;
    }

    public void setPlacementExpiry(long placementExpiry) {
        this.placementExpiry = placementExpiry;
    }

    public boolean isOutcomes() {
        return outcomes;
    }

    public void setOutcomes(boolean outcomes) {
        this.outcomes = outcomes;
    }

    public long getOutcomeTimeout() {
        return outcomeTimeout;
    }

    public void setOutcomeTimeout(long outcomeTimeout) {
        this.outcomeTimeout = outcomeTimeout;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getVccCode() {
        return vccCode;
    }

    public void setVccCode(String vccCode) {
        this.vccCode = vccCode;
    }

    /** The API secret: the secret option, or when it is not set (or empty) the variable secretFromEnv names. */
    public String getSecret() {
        if ((secret == null || secret.isEmpty()) && secretFromEnv != null) {
            // read here rather than bound by Camel, so that no Camel log line carries it
            return System.getenv(secretFromEnv);
        }
        return secret;
    }

    /** The secret option itself, without looking at secretFromEnv. */
    String secretAsGiven() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getSecretFromEnv() {
        return secretFromEnv;
    }

    public void setSecretFromEnv(String secretFromEnv) {
        this.secretFromEnv = secretFromEnv;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public IcsocHttpClientConfigurer getHttpClientConfigurer() {
        return httpClientConfigurer;
    }

    public void setHttpClientConfigurer(IcsocHttpClientConfigurer httpClientConfigurer) {
        this.httpClientConfigurer = httpClientConfigurer;
    }

    public CallMode getMode() {
        return mode;
    }

    public void setMode(CallMode mode) {
        this.mode = mode;
    }

    public String getCaller() {
        return caller;
    }

    public void setCaller(String caller) {
        this.caller = caller;
    }

    public String getCalled() {
        return called;
    }

    public void setCalled(String called) {
        this.called = called;
    }

    public Integer getTimeout() {
        return timeout;
    }

    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public String getDisplayCaller() {
        return displayCaller;
    }

    public void setDisplayCaller(String displayCaller) {
        this.displayCaller = displayCaller;
    }

    public String getDisplayCalled() {
        return displayCalled;
    }

    public void setDisplayCalled(String displayCalled) {
        this.displayCalled = displayCalled;
    }

    public boolean isSynchronous() {
        return synchronous;
    }

    public void setSynchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public long getLookback() {
        return lookback;
    }

    public void setLookback(long lookback) {
        this.lookback = lookback;
    }

    public String getRereadSchedule() {
        return rereadSchedule;
    }

    public void setRereadSchedule(String rereadSchedule) {
        this.rereadSchedule = rereadSchedule;
    }

    public long getSettle() {
        return settle;
    }

    public void setSettle(long settle) {
        this.settle = settle;
    }

    public long getMaxWindow() {
        return maxWindow;
    }

    public void setMaxWindow(long maxWindow) {
        this.maxWindow = maxWindow;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public boolean isRecordsStoreRequiredAtStart() {
        return recordsStoreRequiredAtStart;
    }

    public void setRecordsStoreRequiredAtStart(boolean recordsStoreRequiredAtStart) {
        this.recordsStoreRequiredAtStart = recordsStoreRequiredAtStart;
    }

    public String getRecordsStore() {
        return recordsStore;
    }

    public void setRecordsStore(String recordsStore) {
        this.recordsStore = recordsStore;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int getMarkBatchSize() {
        return markBatchSize;
    }

    public void setMarkBatchSize(int markBatchSize) {
        this.markBatchSize = markBatchSize;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    public String getRecordVersions() {
        return recordVersions;
    }

    public void setRecordVersions(String recordVersions) {
        this.recordVersions = recordVersions;
    }

    /** True with recordVersions=first. */
    public boolean isRecordFirstStateOnly() {
        return RECORD_VERSIONS_FIRST.equals(recordVersions);
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public long getMaxLag() {
        return maxLag;
    }

    public void setMaxLag(long maxLag) {
        this.maxLag = maxLag;
    }

    /**
     * The lag past which the records health check reports DOWN: maxLag, or when it is 0 three times lookback, but
     * never so little that a healthy consumer reaches it: the watermark stays settle behind now and moves once per
     * poll delay (a minute more for a slow poll).
     */
    public long healthMaxLag(long pollDelay) {
        if (maxLag > 0) {
            return maxLag;
        }
        return Math.max(3 * lookback, settle + 3 * pollDelay + 60_000);
    }

    public long getMaxRecordsDownload() {
        return maxRecordsDownload;
    }

    public void setMaxRecordsDownload(long maxRecordsDownload) {
        this.maxRecordsDownload = maxRecordsDownload;
    }

    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    public org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient getHttpClient() {
        return httpClient;
    }

    public void setHttpClient(org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient httpClient) {
        this.httpClient = httpClient;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerRoute() {
        return maxConnectionsPerRoute;
    }

    public void setMaxConnectionsPerRoute(int maxConnectionsPerRoute) {
        this.maxConnectionsPerRoute = maxConnectionsPerRoute;
    }

    /** The settings that shape the HTTP client; endpoints with equal transports share one client. */
    HttpTransport transport() {
        return new HttpTransport(connectTimeout, proxyHost, proxyPort, sslContextParameters, httpClientConfigurer,
                maxConnections, maxConnectionsPerRoute, httpClient);
    }

    record HttpTransport(
            long connectTimeout, String proxyHost, Integer proxyPort, SSLContextParameters sslContextParameters,
            IcsocHttpClientConfigurer httpClientConfigurer, int maxConnections, int maxConnectionsPerRoute,
            org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient httpClient) {
    }

    public IcsocConfiguration copy() {
        try {
            return (IcsocConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        // the secret is deliberately left out
        return "IcsocConfiguration[baseUrl=" + baseUrl + ", vccCode=" + vccCode + ", secret="
               + (getSecret() == null ? "not set" : "set") + ", mode=" + mode + ", type=" + type + "]";
    }
}

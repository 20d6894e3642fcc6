package io.github.camelicsoc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.model.CallMode;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.outcome.Placement;
import io.github.camelicsoc.records.RereadSchedule;
import io.github.camelicsoc.records.StartTime;
import org.apache.camel.CamelContext;

/**
 * The rules of the options, each in one place. {@link #check} applies them all once, when the component creates an
 * endpoint, so that a mistake fails the route before anything is sent and names the option, its allowed range and what
 * to do ({@link IcsocConfigurationException}). Every duration and number has a range here: a value past it would
 * overflow a deadline or plan a poll that can never end.
 * <p>
 * Its length is one short method per rule, each with the message a user reads; split, the rules would no longer be
 * in one place.
 */
final class IcsocOptions {

    static final long SECOND = 1000;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    static final Range CONNECT_TIMEOUT = new Range("connectTimeout", 1, 10 * MINUTE);
    static final Range REQUEST_TIMEOUT = new Range("requestTimeout", 1, HOUR);
    static final Range LOOKBACK = new Range("lookback", 0, 30 * DAY);
    static final Range SETTLE = new Range("settle", 0, DAY);
    static final Range MAX_WINDOW = new Range("maxWindow", SECOND, 30 * DAY);
    static final Range MAX_LAG = new Range("maxLag", 0, 365 * DAY);
    static final Range PLACEMENT_EXPIRY = new Range("placementExpiry", SECOND, 365 * DAY);
    static final Range OUTCOME_TIMEOUT = new Range("outcomeTimeout", 0, 30 * DAY);
    static final int MAX_PLACEMENTS = 10_000_000;

    /** The longest a call's leg may ring, in seconds. */
    static final int MAX_RING_SECONDS = 3600;
    static final int MAX_CONNECTIONS = 10_000;
    static final long MAX_RECORDS_DOWNLOAD = 1L << 40;
    static final int MAX_COMPLETION_THREADS = 1000;
    /** The most records whose keys wait to be written together: what a kill can make come again. */
    static final int MAX_MARK_BATCH_SIZE = 1000;

    /** The earliest startTime: before it the platform kept no records, and a poll could not plan its windows. */
    static final LocalDateTime EARLIEST_START = LocalDateTime.of(2000, 1, 1, 0, 0, 0);

    /** What an environment variable's name looks like; anything else given as secretFromEnv may be the secret. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    private static final String TYPES = "type=800 (two-way call records) or type=400 (inbound 400-number records)";

    private IcsocOptions() {
    }

    /** An inclusive range of milliseconds, as the option's error states it. */
    record Range(String option, long min, long max) {
        long check(long millis) {
            if (millis < min || millis > max) {
                throw new IcsocConfigurationException(option, show(millis) + " is out of range",
                        "give a duration from " + show(min) + " to " + show(max));
            }
            return millis;
        }

        /** The option as the URI wrote it, read as Camel reads a duration, checked before its milliseconds can overflow. */
        void checkWritten(CamelContext camel, Object written) {
            if (!(written instanceof String text) || text.startsWith("#")) {
                return;
            }
            Duration duration;
            try {
                duration = camel.getTypeConverter().mandatoryConvertTo(Duration.class, text);
            } catch (Exception e) {
                throw new IcsocConfigurationException(option, "'" + text + "' is not a duration",
                        "give a duration from " + show(min) + " to " + show(max) + ", such as 30s, 5m or PT30S");
            }
            // within a long's milliseconds, check() names the value as it was bound
            if (duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0
                || duration.compareTo(Duration.ofMillis(Long.MIN_VALUE)) < 0) {
                throw new IcsocConfigurationException(option, "'" + text + "' is out of range",
                        "give a duration from " + show(min) + " to " + show(max));
            }
        }
    }

    /** Every duration option, by the name the URI gives it. */
    static final List<Range> DURATIONS = List.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, LOOKBACK, SETTLE, MAX_WINDOW, MAX_LAG,
            PLACEMENT_EXPIRY, OUTCOME_TIMEOUT);

    /**
     * Checks the durations of a URI as written, before Camel binds them: a duration past its range could overflow
     * while Camel turns it into milliseconds, and would then fail without naming the option's range.
     */
    static void checkDurationsAsWritten(CamelContext camel, Map<String, Object> parameters) {
        for (Range range : DURATIONS) {
            range.checkWritten(camel, parameters.get(range.option()));
        }
    }

    /**
     * Checks every option an endpoint will use, once, when it is created.
     *
     * @param timeoutAsWritten the ring timeout as the URI wrote it (before Camel's conversion can round or wrap it), or
     *                         null to check the configured one
     */
    static void check(IcsocEndpoint endpoint, Object timeoutAsWritten) {
        IcsocConfiguration options = endpoint.getConfiguration();
        checkBaseUrl(options.getBaseUrl());
        checkCredentials(options);
        checkRanges(options);
        if (options.getProxyHost() != null && options.getProxyPort() == null) {
            throw new IcsocConfigurationException("proxyPort", "proxyHost is set but proxyPort is not",
                    "give both, such as proxyHost=proxy.example.com&proxyPort=3128");
        }
        if (options.getProxyPort() != null && options.getProxyHost() == null) {
            throw new IcsocConfigurationException("proxyHost", "proxyPort is set but proxyHost is not",
                    "give both, such as proxyHost=proxy.example.com&proxyPort=3128");
        }
        if (timeoutAsWritten != null || options.getTimeout() != null) {
            Object timeout = timeoutAsWritten != null ? timeoutAsWritten : options.getTimeout();
            try {
                ringSeconds(timeout);
            } catch (IllegalArgumentException e) {
                throw new IcsocConfigurationException("timeout", e.getMessage(),
                        "give the seconds each leg may ring, such as timeout=30, or leave it out for the platform's 50");
            }
        }
        carriedHeaders(options.getCarriedHeaders());
        if (options.getCorrelationKeyHeader() != null && options.getCorrelationKeyHeader().isBlank()) {
            throw new IcsocConfigurationException("correlationKeyHeader", "it is blank",
                    "give the name of the header holding the business key, such as correlationKeyHeader=ticketId,"
                                                                             + " or leave it out");
        }
        if (IcsocEndpoint.RECORDS.equals(endpoint.getKind())) {
            checkRecords(endpoint, options);
        }
    }

    /**
     * The names of the carriedHeaders option, in order: at most {@value Placement#MAX_CARRIED_HEADERS}, each of at
     * most {@value Placement#MAX_CARRIED_NAME_LENGTH} characters, none empty or given twice.
     */
    static List<String> carriedHeaders(String option) {
        if (option == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String part : option.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IcsocConfigurationException("carriedHeaders", "'" + option + "' has an empty header name",
                        "give header names separated by commas, such as carriedHeaders=ticketQueue,agentName");
            }
            if (name.length() > Placement.MAX_CARRIED_NAME_LENGTH || names.contains(name)) {
                throw new IcsocConfigurationException("carriedHeaders",
                        names.contains(name) ? "it names " + name + " twice"
                                : "a header name is longer than " + Placement.MAX_CARRIED_NAME_LENGTH + " characters",
                        "give each header once, by a name of at most " + Placement.MAX_CARRIED_NAME_LENGTH
                                                                     + " characters");
            }
            names.add(name);
        }
        if (names.size() > Placement.MAX_CARRIED_HEADERS) {
            throw new IcsocConfigurationException("carriedHeaders", "it names " + names.size() + " headers",
                    "carry at most " + Placement.MAX_CARRIED_HEADERS + " headers to an outcome; keep the rest in your"
                                                                          + " own system under the correlation key");
        }
        return List.copyOf(names);
    }

    /**
     * The ranges of every duration and number, for an endpoint when it is created and for the component's own
     * options when it starts (so that a Spring Boot or Camel Main property out of range fails the start even before a
     * route uses it). The ranges keep connectTimeout plus ten times requestTimeout, a records download's deadline, far
     * from overflow.
     */
    static void checkRanges(IcsocConfiguration options) {
        CONNECT_TIMEOUT.check(options.getConnectTimeout());
        REQUEST_TIMEOUT.check(options.getRequestTimeout());
        count("maxConnections", options.getMaxConnections(), 1, MAX_CONNECTIONS);
        count("maxConnectionsPerRoute", options.getMaxConnectionsPerRoute(), 1, MAX_CONNECTIONS);
        if (options.getProxyPort() != null) {
            count("proxyPort", options.getProxyPort(), 1, 65535);
        }
        LOOKBACK.check(options.getLookback());
        SETTLE.check(options.getSettle());
        MAX_WINDOW.check(options.getMaxWindow());
        MAX_LAG.check(options.getMaxLag());
        PLACEMENT_EXPIRY.check(options.getPlacementExpiry());
        OUTCOME_TIMEOUT.check(options.getOutcomeTimeout());
        count("maxPlacements", options.getMaxPlacements(), 1, MAX_PLACEMENTS);
        count("maxMessagesPerPoll", options.getMaxMessagesPerPoll(), 0, Integer.MAX_VALUE);
        count("markBatchSize", options.getMarkBatchSize(), 1, MAX_MARK_BATCH_SIZE);
        if (options.getMaxRecordsDownload() < 1 || options.getMaxRecordsDownload() > MAX_RECORDS_DOWNLOAD) {
            throw new IcsocConfigurationException("maxRecordsDownload",
                    options.getMaxRecordsDownload() + " bytes is out of range",
                    "give a number of bytes from 1 to " + MAX_RECORDS_DOWNLOAD + " (1 TiB); the default is 1073741824 (1 GiB)");
        }
    }

    private static void checkBaseUrl(String baseUrl) {
        URI parsed;
        try {
            parsed = baseUrl == null ? null : URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        String scheme = parsed == null || parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (parsed == null || parsed.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IcsocConfigurationException("baseUrl", "'" + baseUrl + "' is not an http or https URL",
                    "give the platform's address, such as " + IcsocConfiguration.DEFAULT_BASE_URL
                                                                                              + ", or the simulator's in tests");
        }
    }

    /**
     * The enterprise code and its secret must both be known before anything is sent. The secret's value never
     * appears here; neither does a secretFromEnv value that is not a variable's name, as it may be the secret itself.
     */
    static void checkCredentials(IcsocConfiguration options) {
        String vccCode = options.getVccCode();
        boolean noVccCode = vccCode == null || vccCode.isBlank();
        String variable = options.getSecretFromEnv();
        String secret = options.secretAsGiven();
        boolean secretGiven = secret != null && !secret.isEmpty();
        String secretWhat = "set secretFromEnv to the name of an environment variable holding the API secret"
                            + (noVccCode ? "" : " of enterprise code " + vccCode) + " (or set secret to the secret itself)";
        if (variable != null && !VARIABLE_NAME.matcher(variable).matches()) {
            throw new IcsocConfigurationException("secretFromEnv",
                    "its value is not the name of an environment variable (letters, digits and _, not starting with a"
                                                   + " digit); it is not repeated here, as it may be the secret itself",
                    "put the API secret in an environment variable and set secretFromEnv to that variable's name");
        }
        if (secretGiven && secret.isBlank()) {
            throw new IcsocConfigurationException("secret", "it is blank (only spaces)", secretWhat);
        }
        if (!secretGiven && variable != null) {
            String value = System.getenv(variable);
            if (value == null || value.isBlank()) {
                throw new IcsocConfigurationException("secretFromEnv",
                        "it names the environment variable '" + variable + "', which is "
                                                       + (value == null ? "not set" : "set but blank")
                                                       + " in this process" + (noVccCode ? "; vccCode is not set either" : ""),
                        "set " + variable + " to the API secret before Camel starts"
                                                                                                    + (noVccCode
                                                                                                            ? ", and set vccCode to the enterprise code the platform issued"
                                                                                                            : "")
                                                                                                    + ", or set secretFromEnv to the variable that holds it");
            }
            secretGiven = true;
        }
        if (noVccCode && !secretGiven) {
            throw new IcsocConfigurationException("vccCode and secret",
                    "neither is set, and secretFromEnv names no variable holding the secret",
                    "set vccCode to the enterprise code the platform issued, and " + secretWhat);
        }
        if (noVccCode) {
            throw new IcsocConfigurationException("vccCode", "it is not set, while a secret is",
                    "set vccCode to the enterprise code the platform issued with that secret");
        }
        if (!secretGiven) {
            throw new IcsocConfigurationException("secret",
                    "vccCode is set but no API secret is: neither secret nor secretFromEnv is set", secretWhat);
        }
        if (vccCode.chars().anyMatch(c -> c == '"' || Character.isISOControl(c))) {
            throw new IcsocConfigurationException("vccCode", "it contains a quote or a control character",
                    "give the enterprise code exactly as the platform issued it");
        }
    }

    private static void checkRecords(IcsocEndpoint endpoint, IcsocConfiguration options) {
        RecordType type = recordType(options.getType());
        if (options.isOutcomes() && type != RecordType.TWO_WAY) {
            throw new IcsocConfigurationException("outcomes", "it needs type=800, and type is " + type.code(),
                    "use icsoc:records?type=800&outcomes=true: calls placed through icsoc:call have two-way records");
        }
        long outcomeTimeout = options.getOutcomeTimeout() > 0 ? options.getOutcomeTimeout() : options.getLookback() + MINUTE;
        if (options.isOutcomes() && options.getPlacementExpiry() <= outcomeTimeout) {
            throw new IcsocConfigurationException("placementExpiry",
                    show(options.getPlacementExpiry()) + " is not longer than the outcome timeout (" + show(outcomeTimeout)
                                                                 + (options.getOutcomeTimeout() > 0 ? ""
                                                                         : ", lookback plus a minute")
                                                                 + "): calls would be forgotten before their TIMED_OUT outcome",
                    "set placementExpiry above " + show(outcomeTimeout) + " plus the longest ring timeout, or shorten"
                                                                                   + " outcomeTimeout");
        }
        if (options.isOutcomes() && options.isBatch()) {
            throw new IcsocConfigurationException("outcomes", "it cannot be combined with batch=true",
                    "leave batch out: each outcome is its own exchange, with its call's correlation key as a header");
        }
        checkStartTime(options.getStartTime());
        try {
            RereadSchedule.parse(options.getRereadSchedule());
        } catch (IllegalArgumentException e) {
            throw new IcsocConfigurationException("rereadSchedule",
                    "'" + options.getRereadSchedule() + "' is not a schedule: " + e.getMessage(),
                    "use rereadSchedule=" + IcsocConfiguration.REREAD_EVERY_POLL + " (the whole lookback every poll) or"
                    + " ascending ages such as " + IcsocConfiguration.REREAD_SCHEDULE_DEFAULT + " (the default)");
        }
        long settle = options.getSettle();
        long maxLag = options.getMaxLag();
        long delay = endpoint.getDelay();
        if (maxLag > 0 && maxLag <= settle + delay) {
            throw new IcsocConfigurationException("maxLag",
                    show(maxLag) + " is not longer than settle (" + show(settle) + ") plus the poll delay (" + show(delay)
                                                            + "): the watermark always stays settle behind now and moves only when a poll"
                                                            + " runs, so the health check would report DOWN for ever",
                    "set maxLag above " + show(settle + delay) + ", or to 0 for three times lookback");
        }
        String versions = options.getRecordVersions();
        if (!IcsocConfiguration.RECORD_VERSIONS_ALL.equals(versions)
            && !IcsocConfiguration.RECORD_VERSIONS_FIRST.equals(versions)) {
            throw new IcsocConfigurationException("recordVersions", "'" + versions + "' is not a choice of versions",
                    "use recordVersions=all (every state of a record, the default) or recordVersions=first (its first"
                                                                + " state only)");
        }
        String store = options.getRecordsStore();
        if (!IcsocConfiguration.RECORDS_STORE_MEMORY.equals(store) && !IcsocConfiguration.RECORDS_STORE_JDBC.equals(store)) {
            throw new IcsocConfigurationException("recordsStore", "'" + store + "' is not a records store",
                    "use recordsStore=memory (the default) or recordsStore=jdbc (with a DataSource)");
        }
        if (endpoint.jdbcRecordsStore()
            && (options.getIdempotentRepository() == null || options.getStateRepository() == null)) {
            endpoint.recordsDataSource();
        }
    }

    /** The record type of an icsoc:records endpoint. */
    static RecordType recordType(String type) {
        if (type == null) {
            throw new IcsocConfigurationException("type", "icsoc:records needs it, and it is not set",
                    "add " + TYPES + ", as in icsoc:records?type=800");
        }
        try {
            return RecordType.of(type);
        } catch (IllegalArgumentException e) {
            throw new IcsocConfigurationException("type", "'" + type + "' is not a record type", "use " + TYPES);
        }
    }

    /** The call mode of an option: classic or axb, in any case. */
    static CallMode callMode(String mode) {
        try {
            return CallMode.of(mode);
        } catch (IllegalArgumentException e) {
            throw new IcsocConfigurationException("mode", "'" + mode + "' is not a call mode",
                    "use mode=classic (a two-way call) or mode=axb (through an AXB privacy number)");
        }
    }

    private static void checkStartTime(String startTime) {
        LocalDateTime now = PlatformTime.now(Clock.systemUTC());
        LocalDateTime start;
        try {
            start = StartTime.parse(startTime).resolve(now);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            start = null;
        }
        if (start == null || start.isBefore(EARLIEST_START)) {
            throw new IcsocConfigurationException("startTime",
                    "'" + startTime + "' is " + (start == null ? "neither a time nor a duration back from now"
                            : "before " + PlatformTime.format(EARLIEST_START) + " (UTC+08:00)"),
                    "give a time since 2000 (2026-11-27 08:00:00 in UTC+08:00, or 2026-11-27T00:00:00Z) or a duration"
                                                                                                               + " back from now (24h, 90m, PT24H)");
        }
    }

    private static void count(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IcsocConfigurationException(option, value + " is out of range",
                    "give a whole number from " + min + " to " + max);
        }
    }

    /** The completionThreads rule of the component. */
    static void checkCompletionThreads(int threads) {
        count("completionThreads", threads, 1, MAX_COMPLETION_THREADS);
    }

    /**
     * The one rule for the ring timeout, wherever it comes from (the option, a header, the body): a whole number of
     * seconds from 1 to {@value #MAX_RING_SECONDS}, given as a number (an integer type, or a decimal with no fraction
     * such as {@code 30.0}) or as text of digits only. Anything else is refused, never rounded, cut or trimmed.
     *
     * @return the seconds, or null when {@code value} is null
     * @throws IllegalArgumentException saying what is wrong, for the caller to type
     */
    static Integer ringSeconds(Object value) {
        if (value == null) {
            return null;
        }
        BigDecimal seconds;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            seconds = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            seconds = new BigDecimal(big);
        } else if (value instanceof BigDecimal decimal) {
            seconds = decimal;
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw badRingTime(value);
            }
            seconds = BigDecimal.valueOf(d);
        } else if (value instanceof CharSequence text) {
            if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw badRingTime("'" + text + "'");
            }
            seconds = new BigDecimal(text.toString());
        } else {
            throw badRingTime("a " + value.getClass().getSimpleName());
        }
        if (seconds.signum() != 0 && seconds.stripTrailingZeros().scale() > 0
            || seconds.compareTo(BigDecimal.ONE) < 0
            || seconds.compareTo(BigDecimal.valueOf(MAX_RING_SECONDS)) > 0) {
            throw badRingTime(seconds.toPlainString());
        }
        return seconds.intValueExact();
    }

    private static IllegalArgumentException badRingTime(Object shown) {
        return new IllegalArgumentException("must be a whole number of seconds from 1 to "
                                            + MAX_RING_SECONDS + " (digits only when written as text), not " + shown);
    }

    /** Milliseconds as a URI would write them: 10m, 1h, 30d, 1500ms. */
    static String show(long millis) {
        if (millis != 0) {
            if (millis % DAY == 0) {
                return millis / DAY + "d";
            }
            if (millis % HOUR == 0) {
                return millis / HOUR + "h";
            }
            if (millis % MINUTE == 0) {
                return millis / MINUTE + "m";
            }
            if (millis % SECOND == 0) {
                return millis / SECOND + "s";
            }
        }
        return millis + "ms";
    }
}

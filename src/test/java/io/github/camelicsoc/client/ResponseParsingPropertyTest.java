package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.camelicsoc.model.CallRecord;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.model.IcsocOperation;
import io.github.camelicsoc.model.RecordType;
import io.github.camelicsoc.records.RecordKeys;
import io.github.camelicsoc.support.BadInput;
import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.Soak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input, property-based: thousands of mutated and random response bodies go through the real response readers
 * (the records reader as the consumer uses it, and the call-result reader), and every one ends in a result or a typed
 * {@link IcsocException} (for a single record that cannot be read, the {@link IllegalArgumentException} that the
 * consumer turns into one), never another exception, never a hang. Each case is generated from a seed and an index,
 * so a failure names what to replay.
 */
class ResponseParsingPropertyTest {

    static final int CASES_PER_SEED = Soak.scaled(400);
    static final Duration BOUND = Duration.ofSeconds(Soak.scaled(60));

    private static final String INBOUND = "{\"code\":200,\"message\":\"ok\",\"data\":["
            + "{\"caller\":\"13800138000\",\"called\":\"4001234567\",\"ivr_digits\":\"1\",\"in\":\"in\","
            + "\"start_time\":\"2026-11-27 08:00:00\",\"conn_time\":\"2026-11-27 08:00:05\",\"end_time\":\"2026-11-27 08:01:39\","
            + "\"all_secs\":\"99\",\"record_file\":\"http://127.0.0.1/r/1.mp3\",\"result\":\"已接通\",\"call_id\":\"a1\"},"
            + "{\"caller\":\"13900139000\",\"called\":\"\",\"ivr_digits\":\"\",\"in\":\"in\","
            + "\"start_time\":\"2012-07-1118:48:02\",\"conn_time\":\"1970-01-01 08:00:00\",\"end_time\":\"2012-07-11 18:48:32\","
            + "\"all_secs\":30,\"record_file\":null,\"result\":\"未接通\",\"call_id\":\"a2\",\"extra\":{\"x\":[1,2]}}]}";
    private static final String TWO_WAY = "{\"code\":\"200\",\"message\":\"ok\",\"data\":"
            + "{\"caller\":\"13800138000\",\"called\":\"13900139000\",\"out\":\"out\","
            + "\"start_time\":\"2026-11-27 09:00:00\",\"conn_time\":\"2026-11-27 09:00:08\",\"end_time\":\"2026-11-27 09:02:00\","
            + "\"all_secs\":\"120\",\"record_file\":\"\",\"result\":\"已接通\"}}";
    private static final String CALL = "{\"code\":200,\"message\":\"ok\",\"callid\":\"111111\"}";

    /** Outcomes over every case of this class, reported at the end. */
    private static final AtomicInteger BODIES = new AtomicInteger();
    private static final AtomicInteger RESULTS = new AtomicInteger();
    private static final AtomicInteger TYPED_FAILURES = new AtomicInteger();
    private static final AtomicInteger UNREADABLE_RECORDS = new AtomicInteger();
    private static final AtomicLong SLOWEST_NANOS = new AtomicLong();

    static Stream<Long> seeds() {
        return IntStream.rangeClosed(1, 5).mapToObj(i -> 7919L * i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyMutatedRecordsResponseEndsInRecordsOrAnIcsocException(long seed) {
        assertTimeoutPreemptively(BOUND, () -> {
            Random random = new Random(seed);
            for (int i = 0; i < CASES_PER_SEED; i++) {
                boolean inbound = random.nextBoolean();
                String body = BadInput.mutate(random, inbound ? INBOUND : TWO_WAY);
                readRecords(seed, i, inbound ? RecordType.INBOUND : RecordType.TWO_WAY, status(random),
                        BadInput.bytes(random, body));
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyRandomJsonRecordsResponseEndsInRecordsOrAnIcsocException(long seed) {
        assertTimeoutPreemptively(BOUND, () -> {
            Random random = new Random(seed);
            for (int i = 0; i < CASES_PER_SEED; i++) {
                String body = random.nextInt(5) == 0 ? BadInput.json(random, 5) : BadInput.response(random);
                readRecords(seed, i, random.nextBoolean() ? RecordType.INBOUND : RecordType.TWO_WAY, status(random),
                        BadInput.bytes(random, body));
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyMutatedOrRandomCallResponseEndsInACallResultOrAnIcsocException(long seed) {
        assertTimeoutPreemptively(BOUND, () -> {
            Random random = new Random(seed);
            for (int i = 0; i < CASES_PER_SEED; i++) {
                String body = switch (random.nextInt(3)) {
                    case 0 -> BadInput.mutate(random, CALL);
                    case 1 -> BadInput.response(random);
                    default -> BadInput.json(random, 3);
                };
                readCall(seed, i, status(random), BadInput.bytes(random, body));
            }
        });
    }

    @Test
    void pathologicalBodiesEndInAnIcsocExceptionWithoutAHang() {
        List<String> bodies = List.of(
                "", " ", "\ufeff" + CALL, "null", "[]", "{}", "{\"code\":200}", "{\"code\":200,\"data\":",
                "[".repeat(100_000), "{\"data\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"code\":200}",
                "{\"code\":" + "9".repeat(5_000) + "}", "{\"code\":200,\"message\":\"" + "x".repeat(2_000_000) + "\"}",
                "{\"code\":200,\"data\":[" + "{},".repeat(50_000) + "{}]}", "{\"code\":200,\"data\":\"" + "\\u0000".repeat(1000) + "\"}",
                "{\"code\":200,\"code\":201}", "{\"code\":1e2}", "{\"code\":-0}", "{\"code\":200}garbage", "<html>" + "x".repeat(10_000));
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < bodies.size(); i++) {
                byte[] body = bodies.get(i).getBytes(StandardCharsets.UTF_8);
                readRecords(0, i, RecordType.INBOUND, 200, body);
                readRecords(0, i, RecordType.TWO_WAY, 200, body);
                readCall(0, i, 200, body);
            }
            byte[] utf16 = CALL.getBytes(StandardCharsets.UTF_16);
            readRecords(0, -1, RecordType.INBOUND, 200, utf16);
            readCall(0, -1, 200, utf16);
        });
    }

    @AfterAll
    static void report() {
        new Figures("bad-responses")
                .put("response bodies tried", BODIES.get())
                .put("ended in a result", RESULTS.get())
                .put("ended in an IcsocException", TYPED_FAILURES.get())
                .put("of which accepted responses holding a record that cannot be read (that record goes to the error"
                     + " handler as an IcsocException)",
                        UNREADABLE_RECORDS.get())
                .put("other exceptions", 0)
                .put("slowest case (ms)", SLOWEST_NANOS.get() / 1_000_000)
                .report();
    }

    private static int status(Random random) {
        int r = random.nextInt(10);
        return r < 7 ? 200 : r == 7 ? 500 : r == 8 ? 302 : random.nextInt(1000);
    }

    /** Reads a records response as the consumer does: a first pass that keys each entry, then one that reads them. */
    private static void readRecords(long seed, int index, RecordType type, int status, byte[] body) {
        IcsocOperation operation = type.operation();
        RecordSpool spool = TreeOracle.spool(status, body);
        boolean[] unreadable = {false};
        outcome(seed, index, body, () -> {
            RecordReader.checkRaw(operation, spool, (position, entry) -> {
                RecordKeys.keyOf(type, readable(type, entry), entry);
                return true;
            });
            RecordReader.rawEntries(operation, spool, position -> true, (position, entry) -> {
                CallRecord record = readable(type, entry);
                if (record == null) {
                    unreadable[0] = true;
                    // what the consumer hands to the error handler
                    IcsocException.badRecord(operation, "unreadable", entry.text());
                }
                RecordKeys.keyOf(type, record, entry);
                return true;
            });
        });
        if (unreadable[0]) {
            UNREADABLE_RECORDS.incrementAndGet();
        }
    }

    /** The record, or null when the reader says (with an IllegalArgumentException) that it cannot be read. */
    private static CallRecord readable(RecordType type, RawEntry entry) {
        try {
            return RecordReader.toCallRecord(type, entry);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void readCall(long seed, int index, int status, byte[] body) {
        outcome(seed, index, body, () -> IcsocClient.readCallResult(IcsocOperation.CLASSIC_CALL, status, body));
    }

    private static void outcome(long seed, int index, byte[] body, Runnable read) {
        BODIES.incrementAndGet();
        long start = System.nanoTime();
        try {
            read.run();
            RESULTS.incrementAndGet();
        } catch (IcsocException e) {
            TYPED_FAILURES.incrementAndGet();
        } catch (Throwable t) {
            String text = new String(body, StandardCharsets.UTF_8);
            fail("seed " + seed + ", case " + index + ": " + t + " escaped for body: "
                 + (text.length() > 500 ? text.substring(0, 500) + "..." : text), t);
        } finally {
            SLOWEST_NANOS.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }
}

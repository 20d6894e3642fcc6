package io.github.camelicsoc.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;

import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.sim.SimRecord;

/**
 * Inbound 400 records exactly as the simulator writes them, rendered once into one byte array, so that a benchmark
 * stub can answer a records query with the first {@code n} of them without rendering anything per request (the stub
 * must not compete with the consumer for the CPU).
 */
public final class RenderedInboundRecords {

    // the envelope the simulator answers a records query with
    private static final byte[] HEAD = "{\"code\":200,\"message\":\"ok\",\"data\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.UTF_8);

    private final byte[] records;
    private final int[] ends;

    private RenderedInboundRecords(byte[] records, int[] ends) {
        this.records = records;
        this.ends = ends;
    }

    /**
     * Renders {@code count} inbound records, each with its own call id, starting within the hour after {@code from}.
     */
    public static RenderedInboundRecords render(int count, LocalDateTime from) {
        byte[] buffer = new byte[Math.max(1024, count * 256)];
        int[] ends = new int[count];
        int length = 0;
        StringBuilder sb = new StringBuilder(512);
        for (int i = 0; i < count; i++) {
            sb.setLength(0);
            if (i > 0) {
                sb.append(',');
            }
            SimRecord record = SimRecord.inbound("1380000" + String.format("%04d", i % 10000), "4001234567",
                    from.plusSeconds(i % 3600), 30 + i % 300, "in-" + (100001 + i));
            sb.append(IcsocSimulator.recordJson(record));
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (length + bytes.length > buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length + buffer.length / 2 + bytes.length);
            }
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
            ends[i] = length;
        }
        return new RenderedInboundRecords(buffer, ends);
    }

    /** How many records were rendered. */
    public int count() {
        return ends.length;
    }

    /** The length in bytes of a response holding the first {@code n} records. */
    public long bodyLength(int n) {
        return HEAD.length + (n == 0 ? 0 : ends[n - 1]) + TAIL.length;
    }

    /** Writes a response holding the first {@code n} records. */
    public void writeBody(int n, OutputStream out) throws IOException {
        out.write(HEAD);
        int length = n == 0 ? 0 : ends[n - 1];
        for (int at = 0; at < length; at += 64 * 1024) {
            out.write(records, at, Math.min(64 * 1024, length - at));
        }
        out.write(TAIL);
    }
}

package io.github.camelicsoc.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;

/**
 * A records response, kept whole but off the heap once it is large: in memory up to 256 KiB, in a temporary file
 * beyond. Keeping it lets the connection go back to the pool at once, however slowly the route then processes the
 * records, and lets the consumer read it twice (count, then deliver) in constant memory.
 */
public final class RecordSpool implements AutoCloseable {

    static final int IN_MEMORY_LIMIT = 256 * 1024;
    private static final int EXCERPT_BYTES = 1024;

    private final int status;
    private final byte[] memory;
    private final Path file;

    private RecordSpool(int status, byte[] memory, Path file) {
        this.status = status;
        this.memory = memory;
        this.file = file;
    }

    /** An in-memory spool of {@code body}, for tests and small responses. */
    public static RecordSpool of(int status, byte[] body) {
        return new RecordSpool(status, body, null);
    }

    public int status() {
        return status;
    }

    /** Reads the body from the start; each call opens a new stream. */
    public InputStream open() {
        if (file == null) {
            return new ByteArrayInputStream(memory);
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The start of the body as text, for error messages. */
    public String excerpt() {
        try (InputStream in = open()) {
            return new String(in.readNBytes(EXCERPT_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }

    /** Receives a response into a spool as the bytes arrive. */
    static final class Receiver extends AbstractBinResponseConsumer<RecordSpool> {

        private int status;
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private FileChannel channel;
        private boolean handedOver;

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
        }

        @Override
        protected int capacityIncrement() {
            return 64 * 1024;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            if (channel == null && memory.size() + src.remaining() > IN_MEMORY_LIMIT) {
                file = Files.createTempFile("icsoc-records-", ".json");
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
                channel.write(ByteBuffer.wrap(memory.toByteArray()));
                memory = null;
            }
            if (channel != null) {
                while (src.hasRemaining()) {
                    channel.write(src);
                }
            } else {
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                memory.write(bytes);
            }
        }

        @Override
        protected RecordSpool buildResult() {
            closeChannel();
            handedOver = true;
            return file != null ? new RecordSpool(status, null, file) : new RecordSpool(status, memory.toByteArray(), null);
        }

        @Override
        public void releaseResources() {
            closeChannel();
            if (!handedOver && file != null) {
                new RecordSpool(status, null, file).close();
            }
        }

        private void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing more to write
                }
                channel = null;
            }
        }
    }
}

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
 * beyond, up to a cap. Keeping it lets the connection go back to the pool at once, however slowly the route then
 * processes the records, and lets the consumer read a large answer a second time in constant memory. The file is
 * deleted on {@link #close()}, and at once when the download fails or passes the cap.
 */
public final class RecordSpool implements AutoCloseable {

    static final int IN_MEMORY_LIMIT = 256 * 1024;

    /** The default cap on one records answer: 1 GiB, some 3 million records, hundreds of days of a busy center. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    /** Where spool files go (null: the JVM's temporary directory) and how large one answer may be. */
    public record Settings(Path directory, long maxBytes) {

        public static final Settings DEFAULT = new Settings(null, DEFAULT_MAX_BYTES);
    }

    /** An answer that passed {@link Settings#maxBytes()}: the download was stopped and its spool removed. */
    public static final class TooLarge extends IOException {

        private final int status;

        TooLarge(long maxBytes, int status) {
            super("the records answer is larger than maxRecordsDownload (" + maxBytes + " bytes); ask for shorter"
                  + " windows (maxWindow) or raise maxRecordsDownload");
            this.status = status;
        }

        /** The HTTP status of the answer that was cut. */
        public int status() {
            return status;
        }
    }
    private static final int EXCERPT_BYTES = 1024;

    private final int status;
    private final byte[] memory;
    private final Path file;

    RecordSpool(int status, byte[] memory, Path file) {
        this.status = status;
        this.memory = memory;
        this.file = file;
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

        private final Settings settings;
        private long received;
        private int status;
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private FileChannel channel;
        private boolean handedOver;

        Receiver(Settings settings) {
            this.settings = settings;
        }

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
            received += src.remaining();
            if (received > settings.maxBytes()) {
                // the client fails the download with this, and releaseResources removes the file
                throw new TooLarge(settings.maxBytes(), status);
            }
            if (channel == null && memory.size() + src.remaining() > IN_MEMORY_LIMIT) {
                file = settings.directory() == null
                        ? Files.createTempFile("icsoc-records-", ".json")
                        : Files.createTempFile(Files.createDirectories(settings.directory()), "icsoc-records-", ".json");
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

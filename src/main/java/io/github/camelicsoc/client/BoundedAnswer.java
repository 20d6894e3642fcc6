package io.github.camelicsoc.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.util.ByteArrayBuffer;

/**
 * Takes in an answer of at most {@code limit} bytes and fails, without reading further, on one that announces or
 * sends more. A call's answer is a few hundred bytes, so whatever an answer holds can cost no more than the limit.
 */
final class BoundedAnswer extends AbstractBinResponseConsumer<BoundedAnswer.Received> {

    /** An answer read whole: its HTTP status and body. */
    record Received(int status, byte[] body) {
    }

    /** The answer is larger than the limit; what came of it so far is kept for the error message. */
    static final class TooLarge extends IOException {
        private final int status;
        private final String excerpt;

        TooLarge(int status, String what, String excerpt) {
            super(what);
            this.status = status;
            this.excerpt = excerpt;
        }

        int status() {
            return status;
        }

        String excerpt() {
            return excerpt;
        }
    }

    private final int limit;
    private ByteArrayBuffer body;
    private int status;

    BoundedAnswer(int limit) {
        this.limit = limit;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) throws IOException {
        status = response.getCode();
        body = new ByteArrayBuffer(1024);
        Header length = response.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long announced;
            try {
                announced = Long.parseLong(length.getValue().trim());
            } catch (NumberFormatException e) {
                announced = -1;
            }
            if (announced > limit) {
                throw new TooLarge(status, "the answer announces " + announced + " bytes, more than the "
                                           + limit + " bytes a call's answer may have", "");
            }
        }
    }

    @Override
    protected int capacityIncrement() {
        return limit;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        int room = limit - body.length();
        if (src.remaining() > room) {
            throw new TooLarge(status, "the answer is longer than the " + limit + " bytes a call's answer may have",
                    new String(body.array(), 0, Math.min(body.length(), 200), StandardCharsets.UTF_8));
        }
        if (src.hasArray()) {
            body.append(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
        } else {
            while (src.hasRemaining()) {
                body.append(src.get());
            }
        }
    }

    @Override
    protected Received buildResult() {
        return new Received(status, body == null ? new byte[0] : body.toByteArray());
    }

    @Override
    public void releaseResources() {
        body = null;
    }
}

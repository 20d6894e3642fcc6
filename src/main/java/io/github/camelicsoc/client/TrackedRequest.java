package io.github.camelicsoc.client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * A request that knows whether it left: its body (the form that places a call) is written only once a connection
 * stands, so a request whose body was never asked for cannot have reached the platform. A request abandoned before
 * that point is never written afterwards, so "not sent" stays true.
 */
final class TrackedRequest implements AsyncRequestProducer {

    private static final int WAITING = 0;
    private static final int SENDING = 1;
    private static final int ABANDONED = 2;

    private final AsyncRequestProducer request;
    private final AtomicInteger state = new AtomicInteger(WAITING);

    TrackedRequest(AsyncRequestProducer request) {
        this.request = request;
    }

    /** Makes sure the request is never written; true when nothing of its body left before. */
    boolean abandon() {
        return state.compareAndSet(WAITING, ABANDONED) || state.get() == ABANDONED;
    }

    @Override
    public void sendRequest(RequestChannel channel, HttpContext context) throws HttpException, IOException {
        request.sendRequest(channel, context);
    }

    @Override
    public boolean isRepeatable() {
        // a call placement must never be sent twice
        return false;
    }

    @Override
    public int available() {
        return request.available();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        if (state.get() != SENDING && !state.compareAndSet(WAITING, SENDING)) {
            throw new IOException("the request was abandoned before it was sent");
        }
        request.produce(channel);
    }

    @Override
    public void failed(Exception cause) {
        request.failed(cause);
    }

    @Override
    public void releaseResources() {
        request.releaseResources();
    }
}

package io.github.camelicsoc.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

import org.apache.hc.core5.function.Decorator;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.impl.nio.ClientHttp1IOEventHandler;
import org.apache.hc.core5.http.nio.command.RequestExecutionCommand;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.reactor.Command;
import org.apache.hc.core5.reactor.IOEventHandler;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.util.Timeout;

/**
 * Keeps an answer nobody asked for from completing the next request on a kept-alive HTTP/1.1 connection.
 * <p>
 * HTTP/1.1 pairs answers with requests by order alone. HttpCore closes a connection that delivers an answer while no
 * request is outstanding, but only once its I/O thread reads it: an answer that is already waiting in the socket when
 * the next request is written is taken as that request's answer, and every later answer on the connection is off by
 * one. So, on the I/O thread, at the moment a request is taken to be written on a connection, this guard looks at the
 * socket: a connection that holds bytes nobody asked for, or that the platform has closed, is closed, and the request
 * fails with {@link UnusableConnection} before a byte of it is written, to be sent on another connection.
 * <p>
 * A platform that sent such bytes is distrusted: its connections carry one request each from then on, since an answer
 * it leaves over can also arrive after the next request left, where HTTP/1.1 cannot tell it from the real answer.
 * <p>
 * It looks at HTTP/1.1 connections only: HTTP/2 numbers its streams. The look is one non-blocking read of a socket
 * that is normally empty. One guard per HTTP client.
 */
public final class StrayAnswerGuard implements Decorator<IOSession> {

    /** The most platforms a guard remembers as having sent stray answers. */
    static final int MAX_DISTRUSTED = 1024;

    /** What a request's context holds while it is on a connection: that connection's guard. */
    static final String CONNECTION = "io.github.camelicsoc.connection";

    // the addresses of platforms that sent bytes nobody asked for: their connections carry one request each
    private final Set<SocketAddress> distrusted = ConcurrentHashMap.newKeySet();

    /** A connection found unusable before the request was written on it: nothing of the request left. */
    public static final class UnusableConnection extends RequestNotExecutedException {
        private final boolean strayBytes;
        private final boolean reused;

        UnusableConnection(String why) {
            this(why, false, false);
        }

        private UnusableConnection(String why, boolean strayBytes, boolean reused) {
            super(why);
            this.strayBytes = strayBytes;
            this.reused = reused;
        }

        /** True when the connection held bytes nobody asked for, false when it was merely closed. */
        public boolean strayBytes() {
            return strayBytes;
        }

        /** True when the connection was refused only for having carried a request to a distrusted platform. */
        public boolean reused() {
            return reused;
        }
    }

    /**
     * Closes the connection a request's answer came on, answers still on their way included, and distrusts its
     * platform: the answer was not this request's, so the connection's answers are off by one.
     */
    public static void retireConnectionOf(HttpContext context) {
        if (context != null && context.getAttribute(CONNECTION) instanceof StrayAnswerGuard.Guarded connection) {
            connection.distrust();
            connection.session.close(CloseMode.IMMEDIATE);
        }
    }

    /**
     * Tells the connection a call's answer came on which call id it gave; true when the connection's previous call
     * answer gave the same id, which no platform does for two calls: the answer is one given before, again.
     */
    public static boolean repeatsTheLastCallId(HttpContext context, String callId) {
        if (callId == null || context == null
            || !(context.getAttribute(CONNECTION) instanceof StrayAnswerGuard.Guarded connection)) {
            return false;
        }
        String last = connection.lastCallId;
        connection.lastCallId = callId;
        return callId.equals(last);
    }

    @Override
    public IOSession decorate(IOSession session) {
        return new Guarded(session);
    }

    private final class Guarded implements IOSession {
        private final IOSession session;
        private ByteBuffer scratch;
        private int requests;
        private volatile String lastCallId;

        Guarded(IOSession session) {
            this.session = session;
        }

        @Override
        public Command poll() {
            for (;;) {
                Command command = session.poll();
                if (!(command instanceof RequestExecutionCommand request)
                    || !(session.getHandler() instanceof ClientHttp1IOEventHandler)) {
                    return command;
                }
                UnusableConnection unusable = unusable();
                if (unusable == null) {
                    requests++;
                    request.getContext().setAttribute(CONNECTION, this);
                    return command;
                }
                if (unusable.strayBytes()) {
                    distrust();
                }
                session.close(CloseMode.IMMEDIATE);
                request.failed(unusable);
            }
        }

        /** Why the connection cannot carry the next request, or null when it can. */
        private UnusableConnection unusable() {
            if (session.getStatus() != Status.ACTIVE) {
                return new UnusableConnection("the connection was closing");
            }
            if (requests > 0 && distrusted.contains(session.getRemoteAddress())) {
                return new UnusableConnection("the platform sent answers nobody asked for: its connections carry "
                                              + "one request each", false, true);
            }
            if (scratch == null) {
                scratch = ByteBuffer.allocate(256);
            }
            try {
                int read = session.read(scratch);
                if (read < 0) {
                    return new UnusableConnection("the platform had closed the connection");
                }
                if (read > 0) {
                    return new UnusableConnection("the connection delivered bytes nobody asked for ("
                                                  + excerpt() + ")", true, false);
                }
                return null;
            } catch (IOException e) {
                return new UnusableConnection("the connection failed (" + e.getMessage() + ")");
            } finally {
                scratch.clear();
            }
        }

        private String excerpt() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < Math.min(scratch.position(), 40); i++) {
                char c = (char) (scratch.get(i) & 0xff);
                text.append(c >= 0x20 && c < 0x7f ? c : '.');
            }
            return text.toString();
        }

        void distrust() {
            if (distrusted.size() < MAX_DISTRUSTED) {
                distrusted.add(session.getRemoteAddress());
            }
        }

        @Override
        public IOEventHandler getHandler() {
            return session.getHandler();
        }

        @Override
        public void upgrade(IOEventHandler handler) {
            session.upgrade(handler);
        }

        @Override
        public Lock getLock() {
            return session.getLock();
        }

        @Override
        public void enqueue(Command command, Command.Priority priority) {
            session.enqueue(command, priority);
        }

        @Override
        public boolean hasCommands() {
            return session.hasCommands();
        }

        @Override
        public ByteChannel channel() {
            return session.channel();
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return session.getRemoteAddress();
        }

        @Override
        public SocketAddress getLocalAddress() {
            return session.getLocalAddress();
        }

        @Override
        public int getEventMask() {
            return session.getEventMask();
        }

        @Override
        public void setEventMask(int ops) {
            session.setEventMask(ops);
        }

        @Override
        public void setEvent(int op) {
            session.setEvent(op);
        }

        @Override
        public void clearEvent(int op) {
            session.clearEvent(op);
        }

        @Override
        public void close() {
            session.close();
        }

        @Override
        public void close(CloseMode closeMode) {
            session.close(closeMode);
        }

        @Override
        public Status getStatus() {
            return session.getStatus();
        }

        @Override
        public Timeout getSocketTimeout() {
            return session.getSocketTimeout();
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            session.setSocketTimeout(timeout);
        }

        @Override
        public long getLastReadTime() {
            return session.getLastReadTime();
        }

        @Override
        public long getLastWriteTime() {
            return session.getLastWriteTime();
        }

        @Override
        public long getLastEventTime() {
            return session.getLastEventTime();
        }

        @Override
        public void updateReadTime() {
            session.updateReadTime();
        }

        @Override
        public void updateWriteTime() {
            session.updateWriteTime();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return session.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return session.write(src);
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public String toString() {
            return session.toString();
        }
    }
}

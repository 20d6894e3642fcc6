package io.github.camelicsoc.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP forwarder in front of the simulator whose listener goes away during short outages, so that a
 * connection attempted then is refused: the client gets a "connection refused" and nothing is sent, the one failure
 * that is safe to retry. Outside the outages it forwards bytes both ways unchanged.
 * <p>
 * Outages and the up-times between them have random lengths from a generator seeded with the seed given. Connections
 * already open stay open during an outage, so pair it with
 * {@link IcsocSimulator#closeConnectionAfterEachResponse()} to make every request open a new connection.
 */
public final class ConnectionGate implements AutoCloseable {

    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final int targetPort;
    private final int port;
    private final Random random;
    private final Duration maxUp;
    private final Duration maxDown;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "connection-gate");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger outages = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private ConnectionGate(int targetPort, long seed, Duration maxUp, Duration maxDown) throws IOException {
        this.targetPort = targetPort;
        this.random = new Random(seed);
        this.maxUp = maxUp;
        this.maxDown = maxDown;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
    }

    /**
     * Starts a gate in front of {@code targetPort} on loopback: up for a random time of up to {@code maxUp}, then down
     * (refusing connections) for a random time of up to {@code maxDown}, and so on.
     */
    public static ConnectionGate start(int targetPort, long seed, Duration maxUp, Duration maxDown) throws IOException {
        ConnectionGate gate = new ConnectionGate(targetPort, seed, maxUp, maxDown);
        gate.threads.execute(gate::accept);
        gate.threads.execute(gate::cycle);
        return gate;
    }

    /**
     * Starts a gate in front of {@code targetPort} on loopback that opens and closes only when told to
     * ({@link #acceptConnections()}, {@link #refuseConnections()}); it starts refusing.
     */
    public static ConnectionGate startClosed(int targetPort) throws IOException {
        ConnectionGate gate = new ConnectionGate(targetPort, 0, Duration.ZERO, Duration.ZERO);
        gate.refuseConnections();
        gate.threads.execute(gate::accept);
        return gate;
    }

    /** From now on, connections are refused (for a gate started with {@link #startClosed}). */
    public synchronized void refuseConnections() {
        ServerSocket current = listener;
        listener = null;
        closeQuietly(current);
        outages.incrementAndGet();
    }

    /** From now on, connections are forwarded (for a gate started with {@link #startClosed}). */
    public synchronized void acceptConnections() {
        if (listener == null) {
            listener = reopen();
        }
    }

    /** The base URL to give the component: {@code http://127.0.0.1:<gate port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** How many outages there have been so far. */
    public int outages() {
        return outages.get();
    }

    /** How many connections were forwarded to the simulator. */
    public int forwardedConnections() {
        return forwarded.get();
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(loopback, onPort), 50);
        return socket;
    }

    private void accept() {
        while (!closed) {
            ServerSocket current = listener;
            if (current == null) {
                pause(2);
                continue;
            }
            try {
                Socket client = current.accept();
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                // the listener was closed for an outage, or for good
            }
        }
    }

    private void cycle() {
        while (!closed) {
            pause(1 + random.nextInt((int) Math.max(1, maxUp.toMillis())));
            ServerSocket current = listener;
            listener = null;
            closeQuietly(current);
            outages.incrementAndGet();
            pause(1 + random.nextInt((int) Math.max(1, maxDown.toMillis())));
            if (closed) {
                return;
            }
            listener = reopen();
        }
    }

    private ServerSocket reopen() {
        // the port was ours a moment ago; retry briefly in the unlikely case the system is slow to release it
        for (int attempt = 0; ; attempt++) {
            try {
                return listen(port);
            } catch (IOException e) {
                if (attempt == 100 || closed) {
                    throw new IllegalStateException("the gate cannot listen on port " + port + " again", e);
                }
                pause(10);
            }
        }
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try {
            upstream.connect(new InetSocketAddress(loopback, targetPort), 5000);
        } catch (IOException e) {
            abort(client);
            closeQuietly(upstream);
            return;
        }
        forwarded.incrementAndGet();
        AtomicInteger directions = new AtomicInteger(2);
        threads.execute(() -> pump(upstream, client, directions));
        pump(client, upstream, directions);
    }

    /** Copies bytes until the source ends and passes the end on; the last direction to end closes both sockets. */
    private void pump(Socket from, Socket to, AtomicInteger directions) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // a reset on one side: reset the other
            abort(to);
            abort(from);
        }
        if (directions.decrementAndGet() == 0) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        if (closeable instanceof Socket socket) {
            open.remove(socket);
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}

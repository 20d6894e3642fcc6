package io.github.camelicsoc.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform on 127.0.0.1 speaking raw HTTP/1.1 over sockets, for the answers no HTTP library mock can give (stray
 * answers, bodies that never end): it reads each request in full (so it counts as sent), as a form, and lets its
 * {@link Answers} write the answer, byte for byte.
 */
public final class RawHttpPlatform implements AutoCloseable {

    /** How the platform answers. */
    @FunctionalInterface
    public interface Answers {
        /**
         * Writes the answer to {@code form}, the {@code nth} request of its connection (1 for the first); false closes
         * the connection after it.
         */
        boolean answer(Map<String, String> form, int nth, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final String name;
    private final boolean noDelay;
    private final Answers answers;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private RawHttpPlatform(String name, boolean noDelay, Answers answers) throws IOException {
        this.name = name;
        this.noDelay = noDelay;
        this.answers = answers;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param name    what to call its threads
     * @param noDelay false to let TCP's Nagle algorithm hold back a small write, as a platform's may
     */
    public static RawHttpPlatform start(String name, boolean noDelay, Answers answers) throws IOException {
        return new RawHttpPlatform(name, noDelay, answers);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests read in full so far. */
    public int requests() {
        return requests.get();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread connection = new Thread(() -> serve(socket), name + "-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(noDelay);
            int nth = 0;
            for (Map<String, String> form; (form = readRequest(in)) != null; ) {
                requests.incrementAndGet();
                if (!answers.answer(form, ++nth, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client closed the connection, or gave up on the answer, as it should
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    /** Reads one request head and its Content-Length body as a form; null at the end of the connection. */
    private static Map<String, String> readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** A complete 200 answer with a JSON body. */
    public static byte[] okJson(String json) {
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                       + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] answer = new byte[head.length + body.length];
        System.arraycopy(head, 0, answer, 0, head.length);
        System.arraycopy(body, 0, answer, head.length, body.length);
        return answer;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}

package io.github.camelicsoc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@link LoopbackStub} running in its own JVM for the length of the benchmark. */
final class StubProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient statsClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private StubProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static StubProcess start(int maxRecords) throws IOException {
        Process process = ChildJvm.builder(List.of("-Xmx2g", "-XX:+UseParallelGC"), LoopbackStub.class,
                Integer.toString(maxRecords)).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            process.destroyForcibly();
            throw new IOException("the stub did not start: " + line);
        }
        return new StubProcess(process, Integer.parseInt(line.substring(5).trim()));
    }

    /** The base URL of calls answered at once. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The base URL of calls answered after {@code millis}. */
    String delayedBaseUrl(long millis) {
        return baseUrl() + "/delay/" + millis;
    }

    /** The base URL of records queries answered with {@code n} records. */
    String recordsBaseUrl(int n) {
        return baseUrl() + "/records/" + n;
    }

    /** Requests served, requests without X-WSSE, most in flight at once, since the last look; then resets them. */
    Map<String, String> stats() throws IOException, InterruptedException {
        HttpResponse<String> response = statsClient.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/stats")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return ChildJvm.parse(response.body());
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

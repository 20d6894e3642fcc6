package io.github.camelicsoc.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Runs route files from routes-examples/ in Camel Main the way the README does: with routes-examples/application.properties,
 * and the icsoc component pointed at a simulator unless ICSOC_BASE_URL says otherwise.
 */
public final class ExampleRunner implements AutoCloseable {

    private final Main main = new Main();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final int httpPort;

    /** A runner for the given route files (names inside routes-examples/), talking to {@code sim}. */
    public ExampleRunner(IcsocSimulator sim, String... routeFiles) {
        this(routeFiles);
        property("camel.component.icsoc.baseUrl", sim.baseUrl());
        property("camel.component.icsoc.vccCode", IcsocSimulator.VCC_CODE);
        property("camel.component.icsoc.secret", IcsocSimulator.SECRET);
        property("camel.component.icsoc.displayCaller", IcsocSimulator.OWN_400_NUMBER);
        property("camel.component.icsoc.displayCalled", IcsocSimulator.OWN_400_NUMBER);
        property("icsoc.privacyNumber", IcsocSimulator.PRIVACY_NUMBER);
    }

    /** A runner for the given route files that keeps the icsoc settings of application.properties. */
    public ExampleRunner(String... routeFiles) {
        StringBuilder pattern = new StringBuilder();
        for (String file : routeFiles) {
            pattern.append(pattern.isEmpty() ? "" : ",").append("file:routes-examples/").append(file);
        }
        httpPort = freePort();
        main.setPropertyPlaceholderLocations("file:routes-examples/application.properties");
        property("camel.main.routesIncludePattern", pattern.toString());
        property("camel.server.port", Integer.toString(httpPort));
    }

    public ExampleRunner property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    /** Binds a bean the routes refer to, before they start. */
    public ExampleRunner bind(String name, Object bean) {
        main.bind(name, bean);
        return this;
    }

    public ExampleRunner start() throws Exception {
        properties.forEach(main::addOverrideProperty);
        main.start();
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Where Camel's HTTP server listens, for click-to-call. */
    public String httpBaseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() {
        main.stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

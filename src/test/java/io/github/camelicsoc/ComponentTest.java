package io.github.camelicsoc;

import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.sim.IcsocSimulator;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.PluginHelper;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component is found by its scheme, configured through generated configurers, and refuses bad endpoints with
 * a message that says what to do.
 */
class ComponentTest extends SimulatorTestSupport {

    @Test
    void theSchemeAloneFindsTheComponentAndItsGeneratedConfigurers() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            assertInstanceOf(IcsocComponent.class, camel.getComponent("icsoc"));
            assertInstanceOf(IcsocComponentConfigurer.class,
                    PluginHelper.getConfigurerResolver(camel).resolvePropertyConfigurer("icsoc-component", camel));
            assertInstanceOf(IcsocEndpointConfigurer.class,
                    PluginHelper.getConfigurerResolver(camel).resolvePropertyConfigurer("icsoc-endpoint", camel));
            assertTrue(camel.getCamelContextExtension().getEndpointUriFactory("icsoc")
                    instanceof IcsocEndpointUriFactory);
        }
    }

    @Test
    void componentPropertiesConfigureEveryEndpointThroughCamelMain() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.icsoc.baseUrl", sim.baseUrl());
        main.addInitialProperty("camel.component.icsoc.vccCode", IcsocSimulator.VCC_CODE);
        main.addInitialProperty("camel.component.icsoc.secret", IcsocSimulator.SECRET);
        main.addInitialProperty("camel.component.icsoc.requestTimeout", "5s");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to("icsoc:call?caller=13800138000&called=13900139000");
            }
        });
        main.start();
        try {
            ProducerTemplate calls = main.getCamelContext().createProducerTemplate();
            CallResult result = calls.requestBody("direct:call", null, CallResult.class);
            assertEquals("ok", result.message(), "a result exists only for code 200");
            IcsocComponent icsoc = main.getCamelContext().getComponent("icsoc", IcsocComponent.class);
            assertEquals(5000, icsoc.getConfiguration().getRequestTimeout());
        } finally {
            main.stop();
        }
    }

    @Test
    void anUnknownEndpointKindIsRefusedWithTheKindsThatExist() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:calls"));
        assertTrue(e.getMessage().contains("use icsoc:call"), e.getMessage());
    }

    @Test
    void anUnknownOptionIsRefused() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("icsoc:call?caler=1"));
        assertTrue(e.getMessage().contains("caler"), e.getMessage());
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefusedWhenTheRouteIsAdded() {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:x").to("icsoc:call?baseUrl=ftp://example");
            }
        }));
        assertTrue(causeChain(e).contains("icsoc option baseUrl: 'ftp://example' is not an http or https URL. What to do:"
                                                  + " give the platform's address"), causeChain(e));
    }

    @Test
    void aProxyHostWithoutPortIsRefused() {
        Exception e = assertThrows(Exception.class,
                () -> context.getEndpoint("icsoc:call?proxyHost=127.0.0.1").start());
        assertTrue(causeChain(e).contains("icsoc option proxyPort: proxyHost is set but proxyPort is not. What to do:"
                                          + " give both"), causeChain(e));
    }

    @Test
    void anInvalidModeIsRefused() {
        Exception e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint("icsoc:call?mode=abc"));
        assertTrue(causeChain(e).contains("icsoc option mode: 'abc' is not a call mode. What to do: use mode=classic"),
                causeChain(e));
    }

    @Test
    void aCallEndpointCannotConsume() {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:call").to("log:x");
            }
        }));
        assertTrue(causeChain(e).contains("icsoc:call is a producer only"), causeChain(e));
    }

    @Test
    void endpointsWithTheSameTransportShareOneHttpClientWhichClosesWithTheComponent() throws Exception {
        IcsocComponent icsoc = context.getComponent("icsoc", IcsocComponent.class);
        IcsocEndpoint a = context.getEndpoint("icsoc:call?caller=1", IcsocEndpoint.class);
        IcsocEndpoint b = context.getEndpoint("icsoc:call?caller=2&mode=axb", IcsocEndpoint.class);
        IcsocEndpoint slow = context.getEndpoint("icsoc:call?caller=3&connectTimeout=60s", IcsocEndpoint.class);

        CloseableHttpAsyncClient shared = icsoc.sharedHttpClient(a.getConfiguration()).get();
        assertSame(shared, icsoc.sharedHttpClient(b.getConfiguration()).get());
        assertNotSame(shared, icsoc.sharedHttpClient(slow.getConfiguration()).get());
        // the client's I/O reactor starts in the background
        await("the shared client to be active", 5, () -> shared.getStatus() == IOReactorStatus.ACTIVE);

        icsoc.stop();
        assertTrue(shared.getStatus() == IOReactorStatus.SHUTTING_DOWN || shared.getStatus() == IOReactorStatus.SHUT_DOWN,
                shared.getStatus().toString());
    }

    @Test
    void theCatalogDocumentsEveryOptionAndHeader() throws Exception {
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/camelicsoc/icsoc.json")) {
            catalog = new ObjectMapper().readTree(in);
        }
        assertEquals("icsoc", catalog.get("component").get("scheme").asText());
        for (String section : new String[] { "componentProperties", "properties", "headers" }) {
            for (Map.Entry<String, JsonNode> option : catalog.get(section).properties()) {
                String doc = option.getValue().path("description").asText();
                assertFalse(doc.isBlank(), section + "." + option.getKey() + " has no documentation");
            }
        }
        for (String option : new String[] {
                "baseUrl", "vccCode", "secret", "connectTimeout", "requestTimeout", "proxyHost", "proxyPort",
                "sslContextParameters", "httpClientConfigurer", "mode", "caller", "called", "timeout",
                "displayCaller", "displayCalled" }) {
            assertTrue(catalog.get("properties").has(option), "endpoint option " + option);
            assertTrue(catalog.get("componentProperties").has(option), "component option " + option);
        }
        assertTrue(catalog.get("properties").get("secret").get("secret").asBoolean());
        for (String header : new String[] {
                IcsocConstants.MODE, IcsocConstants.CALLER, IcsocConstants.CALLED, IcsocConstants.TIMEOUT,
                IcsocConstants.DISPLAY_CALLER, IcsocConstants.DISPLAY_CALLED, IcsocConstants.CALL_ID }) {
            assertTrue(catalog.get("headers").has(header), "header " + header);
        }
        // icsoc:call remembers placements in the records store: its options are not the consumer's alone
        for (String shared : new String[] { "recordsStore", "dataSource", "placementStore" }) {
            String group = catalog.get("properties").get(shared).get("group").asText();
            assertFalse(group.startsWith("consumer"), shared + " is used by icsoc:call too, but is in group " + group);
        }
    }
}

package io.github.camelicsoc.bench;

import java.util.Map;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.IcsocConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The two routes compared: {@code direct -> icsoc:call}, and the same request written by hand with camel-http and
 * camel-jackson. Both take the caller and called numbers from the same headers and both end with the call id in a
 * header, or an exception.
 */
final class CallRoutes {

    static final String ICSOC = "direct:icsoc-call";
    static final String ICSOC_SYNCHRONOUS = "direct:icsoc-call-synchronous";
    static final String HAND_WRITTEN = "direct:hand-written-call";
    static final String VCC_CODE = "7000001";
    static final String SECRET = "bench-secret";
    static final String CALLER = "13800138000";
    static final String CALLED = "13900139000";
    /** The connection pool size of both: the component's own (200), so that the pool never limits either. */
    static final int CONNECTIONS = 200;

    private CallRoutes() {
    }

    /**
     * {@code direct -> icsoc:call}, the component configured as the README says; and the same route with the
     * {@code synchronous} option.
     */
    static void addIcsocRoute(CamelContext context, String baseUrl) throws Exception {
        IcsocConfiguration options = context.getComponent("icsoc", IcsocComponent.class).getConfiguration();
        options.setBaseUrl(baseUrl);
        options.setVccCode(VCC_CODE);
        options.setSecret(SECRET);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(ICSOC).routeId("icsoc-call")
                        .to("icsoc:call");
                // the opt-in for callers that wait anyway: the caller's thread waits for the answer itself
                from(ICSOC_SYNCHRONOUS).routeId("icsoc-call-synchronous")
                        .to("icsoc:call?synchronous=true");
            }
        });
    }

    /** The route a user writes instead: the form and X-WSSE by hand, camel-http, camel-jackson. */
    static void addHandWrittenRoute(CamelContext context, String baseUrl) throws Exception {
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        http.setMaxTotalConnections(CONNECTIONS);
        http.setConnectionsPerRoute(CONNECTIONS);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(HAND_WRITTEN).routeId("hand-written-call")
                        .process(CallRoutes::formAndWsse)
                        .to(baseUrl + LoopbackStub.CALL_PATH)
                        .unmarshal().json(JsonLibrary.Jackson, Map.class)
                        .process(CallRoutes::callId);
            }
        });
    }

    private static void formAndWsse(Exchange exchange) {
        Message in = exchange.getIn();
        in.setBody(HandWrittenRequest.form(in.getHeader(IcsocConstants.CALLER, String.class),
                in.getHeader(IcsocConstants.CALLED, String.class)));
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.CONTENT_TYPE, HandWrittenRequest.FORM_CONTENT_TYPE);
        in.setHeader("X-WSSE", HandWrittenRequest.wsse(VCC_CODE, SECRET));
    }

    private static void callId(Exchange exchange) {
        Map<?, ?> answer = exchange.getMessage().getBody(Map.class);
        if (!"200".equals(String.valueOf(answer.get("code")))) {
            throw new IllegalStateException("the call was refused: " + answer);
        }
        exchange.getMessage().setHeader(IcsocConstants.CALL_ID, answer.get("callid"));
    }

    /** The input both routes take. */
    static void callHeaders(Message in) {
        in.setHeader(IcsocConstants.CALLER, CALLER);
        in.setHeader(IcsocConstants.CALLED, CALLED);
    }
}

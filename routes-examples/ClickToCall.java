// Click to call, in the Java DSL: the same flow as click-to-call.yaml (POST /calls with {"agent", "customer",
// "mode"}; 202 with the call id, 400 for an incomplete request, 422 when the call is refused, 502 when the platform
// cannot be reached). Camel Main compiles this file at start-up (camel-java-joor-dsl); in your own project it is an
// ordinary RouteBuilder.
// Needs: camel-java-joor-dsl, camel-platform-http-main and camel-platform-http-vertx (Camel's HTTP server,
// camel.server.*), camel-jackson, camel-bean (the ${exception.…} calls in Simple) and the icsoc component configured.
import java.util.Map;

import io.github.camelicsoc.IcsocConstants;
import io.github.camelicsoc.model.IcsocException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

public class ClickToCall extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/calls?httpMethodRestrict=POST").routeId("click-to-call")
            .doTry()
                .unmarshal().json(JsonLibrary.Jackson, Map.class)
                .choice()
                    .when(simple("${body[agent]} == null || ${body[agent]} == '' || ${body[customer]} == null || ${body[customer]} == ''"))
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(400))
                        .setBody(constant("{\"error\": \"agent and customer are required\"}"))
                    .when(simple("${body[mode]} != null && ${body[mode]} !in 'classic,axb'"))
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(400))
                        .setBody(constant("{\"error\": \"mode must be classic or axb\"}"))
                    .otherwise()
                        .setHeader(IcsocConstants.CALLER, simple("${body[agent]}"))
                        .setHeader(IcsocConstants.CALLED, simple("${body[customer]}"))
                        .setHeader(IcsocConstants.MODE, simple("${body[mode]}"))
                        .filter(simple("${body[mode]} == 'axb'"))
                            .setHeader(IcsocConstants.DISPLAY_CALLED, constant("{{icsoc.privacyNumber}}"))
                        .end()
                        .setBody(constant(""))
                        .to("icsoc:call")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(202))
                        .setBody(simple("{\"callId\": \"${header.CamelIcsocCallId}\"}"))
                .endDoTry()
            .doCatch(IcsocException.class)
                .process(exchange -> {
                    IcsocException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, IcsocException.class);
                    boolean refused = e.getKind() == IcsocException.Kind.REFUSED_LOCALLY
                                      || e.getKind() == IcsocException.Kind.REFUSED_BY_PLATFORM;
                    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, refused ? 422 : 502);
                    exchange.getMessage().setBody("{\"code\": " + e.getCode() + ", \"meaning\": \""
                            + (e.getMeaning() == null ? "" : e.getMeaning()) + "\", \"kind\": \"" + e.getKind() + "\"}");
                })
            .doCatch(com.fasterxml.jackson.core.JacksonException.class, org.apache.camel.InvalidPayloadException.class)
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(400))
                .setBody(constant("{\"error\": \"the body must be a JSON object\"}"))
            .end()
            .removeHeaders("CamelIcsoc*")
            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }
}

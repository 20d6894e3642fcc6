package com.example.callcenter;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The application's routes: a call placed for each request, and each two-way call record logged and passed on. */
@Component
public class CallCenterRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:click-to-call").routeId("click-to-call")
                .to("icsoc:call")
                .log("Call ${header.CamelIcsocCallId} placed to ${header.CamelIcsocCalled}");

        from("icsoc:records?type=800&delay={{call-center.records-delay}}").routeId("call-records")
                .log("Call record ${header.CamelIcsocRecordKey}: ${body.called}, ${body.durationSeconds} s")
                .to("seda:call-records");
    }
}

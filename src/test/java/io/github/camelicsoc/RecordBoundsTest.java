package io.github.camelicsoc;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.node.TextNode;
import io.github.camelicsoc.client.PlatformTime;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.records.RecordsConsumer;
import io.github.camelicsoc.sim.SimRecord;
import io.github.camelicsoc.support.RecordsTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One record that a JSON parser refuses (a number of 1,001 digits, nesting 2,000 deep, a string of 21 million
 * characters, a field name of 60,000) costs that record only: it reaches the error handler as an unreadable record,
 * named and counted, while the records before and after it in the same answer are delivered, the watermark moves
 * past it and the next poll goes on.
 */
class RecordBoundsTest extends RecordsTestSupport {

    /** A field that puts an entry past one of a record's bounds, and the words that name that bound. */
    enum Shape {
        NUMBER_OF_1001_DIGITS("Number value length (1001)"),
        NESTING_2000_DEEP("nesting depth"),
        STRING_OF_21_MILLION_CHARACTERS("bytes a record may have"),
        FIELD_NAME_OF_60000_CHARACTERS("Name length (");

        final String named;

        Shape(String named) {
            this.named = named;
        }

        String field() {
            return switch (this) {
                case NUMBER_OF_1001_DIGITS -> "\"all_secs\":1" + "0".repeat(1_000);
                case NESTING_2000_DEEP -> "\"extra\":" + "[".repeat(2_000) + "]".repeat(2_000);
                case STRING_OF_21_MILLION_CHARACTERS -> "\"record_file\":\"" + "x".repeat(21_000_000) + "\"";
                case FIELD_NAME_OF_60000_CHARACTERS -> "\"" + "n".repeat(60_000) + "\":\"v\"";
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aRecordPastARecordsBoundIsUnreadableAndTheRestOfItsAnswerIsDelivered(Shape shape) throws Exception {
        LocalDateTime start = platformNow().minusMinutes(30);
        for (int i = 0; i < 4; i++) {
            sim.addRecord(SimRecord.inbound("1380000000" + i, "4001234567", start.plusMinutes(i * 5), 30, "good-" + i));
        }
        String bad = "{\"in\":\"in\",\"caller\":\"13900000000\",\"start_time\":\""
                     + PlatformTime.format(start.plusMinutes(7)) + "\"," + shape.field() + ",\"call_id\":\"bad-1\"}";
        // the platform writes the bad record between good-1 and good-2, in every answer that holds them
        sim.rewriteRecordAnswers(body -> editData(entries -> {
            if (entries.size() >= 3) {
                entries.insert(2, TextNode.valueOf("@bad@"));
            }
        }).apply(body).replace("\"@bad@\"", bad));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:unreadable"));
                from("icsoc:records?type=400&startTime=1h&delay=300&initialDelay=0&settle=0")
                        .routeId("records").to("mock:records");
            }
        });
        MockEndpoint unreadable = getMockEndpoint("mock:unreadable");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records().getReceivedCounter() >= 4);
        assertEquals(List.of("good-0", "good-1", "good-2", "good-3"),
                delivered().stream().map(r -> r.callId()).toList(), "the records before and after it");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unreadable.getReceivedCounter() >= 1);
        Exchange reported = unreadable.getReceivedExchanges().get(0);
        IcsocException cause = assertInstanceOf(IcsocException.class, reported.getProperty(Exchange.EXCEPTION_CAUGHT));
        assertTrue(cause.getMessage().contains(shape.named), cause.getMessage());
        assertTrue(reported.getIn().getBody(String.class).startsWith("{\"in\":\"in\",\"caller\":\"13900000000\""),
                "its raw text (the beginning of it, for one larger than a record may be)");
        RecordsConsumer consumer = (RecordsConsumer) context.getRoute("records").getConsumer();
        assertEquals(1, consumer.getRecordsUnreadable());
        assertTrue(consumer.getLastUnreadable().startsWith("400:#") && consumer.getLastUnreadable().contains(shape.named),
                consumer.getLastUnreadable());

        // the next polls go on: a later record comes, and the refused one, handled, is not reported again
        sim.addRecord(SimRecord.inbound("13800000004", "4001234567", platformNow().minusMinutes(1), 30, "good-4"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records().getReceivedCounter() >= 5);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> consumer.getWatermark().isAfter(start.plusMinutes(20)));
        assertEquals("good-4", delivered().get(4).callId());
        assertEquals(1, unreadable.getReceivedCounter(), "reported once");
        assertEquals(1, consumer.getRecordsUnreadable());
    }
}

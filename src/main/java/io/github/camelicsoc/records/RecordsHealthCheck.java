package io.github.camelicsoc.records;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;

/** Camel's consumer health check, with the watermark, the lag and the counts, and DOWN past maxLag. */
final class RecordsHealthCheck extends ScheduledPollConsumerHealthCheck {
    private final RecordsConsumer consumer;

    RecordsHealthCheck(RecordsConsumer consumer, String id) {
        super(consumer, id);
        this.consumer = consumer;
    }

    @Override
    public Result call(Map<String, Object> options) {
        Result polls = super.call(options);
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this).state(polls.getState());
        builder.details(polls.getDetails());
        builder.details(consumer.healthDetails());
        polls.getMessage().ifPresent(builder::message);
        polls.getError().ifPresent(builder::error);
        long lag = consumer.getLagSeconds();
        // from the first poll on: before it, the watermark is startTime, as far back as the user asked
        if (polls.getState() == State.UP && consumer.isFirstPollDone() && lag > consumer.getMaxLagSeconds()) {
            builder.down().message("icsoc:records lags " + lag + " s behind now, more than maxLag ("
                                   + consumer.getMaxLagSeconds() + " s): the watermark is at "
                                   + consumer.getWatermarkTime());
        }
        return builder.build();
    }
}

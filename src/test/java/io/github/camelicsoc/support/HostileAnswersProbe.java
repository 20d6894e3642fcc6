package io.github.camelicsoc.support;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import io.github.camelicsoc.model.CallResult;
import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.support.HostilePlatform.Answer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs in a JVM of its own with a small heap (see HostileAnswersSmallHeapTest): places one call against each hostile
 * answer, each followed by a normal call over the same shared HTTP client, and prints one line per call:
 * {@code hostile <answer> <kind> <message>} and {@code normal <callId>}, then {@code done}.
 */
public final class HostileAnswersProbe {

    private HostileAnswersProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (HostilePlatform platform = HostilePlatform.start(); DefaultCamelContext camel = new DefaultCamelContext()) {
            IcsocConfiguration icsoc = camel.getComponent("icsoc", IcsocComponent.class).getConfiguration();
            icsoc.setBaseUrl(platform.baseUrl());
            icsoc.setVccCode("7000001");
            icsoc.setSecret("hostile-secret");
            // long enough that the bounds, not the deadline, end the hostile answers
            icsoc.setRequestTimeout(60_000);
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            String call = "icsoc:call?caller=13800138000&called=13900139000";
            for (Answer answer : Answer.values()) {
                if (answer == Answer.NORMAL) {
                    continue;
                }
                platform.answerWith(answer);
                long start = System.nanoTime();
                Exchange hostile = template.send(call, e -> {
                });
                long millis = (System.nanoTime() - start) / 1_000_000;
                Exception failure = hostile.getException();
                if (failure instanceof IcsocException icsocFailure) {
                    System.out.println("hostile " + answer + " " + icsocFailure.getKind() + " " + millis + "ms "
                                       + icsocFailure.getMessage().replace('\n', ' '));
                } else {
                    System.out.println("hostile " + answer + " UNTYPED " + failure);
                }
                platform.answerWith(Answer.NORMAL);
                Exchange normal = template.send(call, e -> {
                });
                if (normal.getException() != null) {
                    System.out.println("normal FAILED " + normal.getException());
                } else {
                    System.out.println("normal " + normal.getMessage().getBody(CallResult.class).callId());
                }
            }
            System.out.println("done");
        }
    }
}

package io.github.camelicsoc.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link RecordsTestSupport} test: its Camel context has what camel.health.enabled=true gives in Camel Main, a
 * health-check registry with the consumers' checks.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConsumerHealthChecks {
}

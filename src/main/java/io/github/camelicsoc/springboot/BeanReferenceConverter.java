package io.github.camelicsoc.springboot;

import java.util.Set;

import org.springframework.context.ApplicationContext;

/**
 * Turns a property value such as {@code #myRepository} (or {@code #bean:myRepository}) into the application's bean of
 * that name, for the component options that take an object (repositories, TLS settings, the HTTP client configurer),
 * as Camel's own starters do. Anything else is refused with a message saying what to write, instead of binding null.
 */
public final class BeanReferenceConverter extends OptionTextConverter {

    private final ApplicationContext applicationContext;

    public BeanReferenceConverter(ApplicationContext applicationContext, Set<Class<?>> beanTypes) {
        super(beanTypes);
        this.applicationContext = applicationContext;
    }

    @Override
    Object read(String text, Class<?> type) {
        String reference = text.trim();
        if (!reference.startsWith("#")) {
            throw new IllegalArgumentException("'" + reference + "' is not a bean reference: write #beanName (or"
                                               + " #bean:beanName) naming a bean of type " + type.getName());
        }
        String name = reference.startsWith("#bean:") ? reference.substring("#bean:".length()) : reference.substring(1);
        return applicationContext.getBean(name, type);
    }
}

package io.github.camelicsoc.springboot;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Turns a property value such as {@code #myRepository} (or {@code #bean:myRepository}) into the application's bean of
 * that name, for the component options that take an object (repositories, TLS settings, the HTTP client configurer),
 * as Camel's own starters do. Anything else is refused with a message saying what to write, instead of binding null.
 */
public final class BeanReferenceConverter implements GenericConverter {

    private final ApplicationContext applicationContext;
    private final Set<ConvertiblePair> pairs = new LinkedHashSet<>();

    public BeanReferenceConverter(ApplicationContext applicationContext, Set<Class<?>> beanTypes) {
        this.applicationContext = applicationContext;
        beanTypes.forEach(type -> pairs.add(new ConvertiblePair(String.class, type)));
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return pairs;
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        String reference = source.toString().trim();
        if (!reference.startsWith("#")) {
            throw new IllegalArgumentException("'" + reference + "' is not a bean reference: write #beanName (or #bean:beanName)"
                                               + " naming a bean of type " + targetType.getType().getName());
        }
        String name = reference.startsWith("#bean:") ? reference.substring("#bean:".length()) : reference.substring(1);
        return applicationContext.getBean(name, targetType.getType());
    }
}

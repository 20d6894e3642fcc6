package io.github.camelicsoc.springboot;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * What the starter's converters share: each turns a property's text into a value of one of the option types it was
 * given, by a rule of its own ({@link #read}).
 */
abstract class OptionTextConverter implements GenericConverter {

    private final Set<ConvertiblePair> pairs = new LinkedHashSet<>();

    OptionTextConverter(Set<Class<?>> types) {
        types.forEach(type -> pairs.add(new ConvertiblePair(String.class, type)));
    }

    @Override
    public final Set<ConvertiblePair> getConvertibleTypes() {
        return pairs;
    }

    @Override
    public final Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        return source == null ? null : read(source.toString(), targetType.getType());
    }

    /** The value of {@code type} that {@code text} names; refused with a message saying what to write. */
    abstract Object read(String text, Class<?> type);
}

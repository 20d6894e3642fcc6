package io.github.camelicsoc.springboot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a property of an enumerated option (such as {@code mode}) by the option's own rule, its type's static
 * {@code of(String)}, so that a wrong value is refused listing the values that exist, as it is in a URI. Spring Boot's
 * own enum conversion names none.
 */
public final class EnumerationOptionConverter extends OptionTextConverter {

    public EnumerationOptionConverter(Set<Class<?>> enumerationTypes) {
        super(enumerationTypes);
    }

    @Override
    Object read(String text, Class<?> type) {
        try {
            Method of = type.getMethod("of", String.class);
            if (Modifier.isStatic(of.getModifiers()) && type.isAssignableFrom(of.getReturnType())) {
                return of.invoke(null, text);
            }
        } catch (NoSuchMethodException e) {
            // read by name below
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException refused ? refused : new IllegalArgumentException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}

package io.github.camelicsoc;

import io.github.camelicsoc.model.CallMode;
import org.apache.camel.Converter;

/**
 * Camel type conversions for the component's options, so that a value Camel binds from a URI or a property file is
 * refused with the values that exist (Camel's own enum conversion names none).
 */
@Converter(generateLoader = true)
public final class IcsocConverters {

    private IcsocConverters() {
    }

    /** The mode option: classic or axb, in any case. */
    @Converter
    public static CallMode toCallMode(String mode) {
        return IcsocOptions.callMode(mode);
    }
}

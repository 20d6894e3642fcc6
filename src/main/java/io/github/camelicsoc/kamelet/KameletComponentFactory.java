package io.github.camelicsoc.kamelet;

import io.github.camelicsoc.IcsocComponent;
import org.apache.camel.RouteTemplateContext;

/**
 * Builds the icsoc component a Kamelet of this jar uses, holding the Kamelet's secret.
 * <p>
 * A Kamelet that wrote {@code {{secret}}} into an endpoint URI or a bean property would have the value pass through
 * Camel's properties component, which logs the values it resolves (at DEBUG and TRACE) whatever their name; route
 * dumps would show the URI too. Here the secret is read straight from the Kamelet's parameters, and the Kamelet's
 * endpoints name this component by its own scheme, so no URI and no log line carries the secret. The Kamelets call
 * it as a template bean: {@code scriptLanguage: bean}, {@code script: "io.github.camelicsoc.kamelet.KameletComponentFactory?method=withSecret"}.
 */
public final class KameletComponentFactory {

    /** The Kamelet parameter that holds the API secret. */
    public static final String SECRET = "secret";

    private KameletComponentFactory() {
    }

    /**
     * A new icsoc component, not autowired, whose configuration holds the Kamelet's secret; the Kamelet sets the other
     * options on it as bean properties.
     *
     * @param  kamelet the Kamelet's parameters (Camel passes its route template context)
     * @return         the component, to be named by the Kamelet's template bean
     */
    public static IcsocComponent withSecret(RouteTemplateContext kamelet) {
        IcsocComponent component = new IcsocComponent(kamelet.getCamelContext());
        component.setAutowiredEnabled(false);
        component.getConfiguration().setSecret(kamelet.getProperty(SECRET, String.class));
        return component;
    }
}

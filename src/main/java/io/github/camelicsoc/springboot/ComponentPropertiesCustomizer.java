package io.github.camelicsoc.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;

/**
 * Applies the component's Spring Boot properties (those the application set; unset ones leave the component's
 * defaults) when Camel creates the component, through the component's generated configurer, as Camel's own starters
 * do. Unlike them, an option that cannot be applied fails the start loudly instead of being logged and dropped.
 * <p>
 * With {@code recordsStore=jdbc} and no {@code dataSource} set, the application's single DataSource bean (or its
 * {@code @Primary} one) is handed to the component, so that the records consumer keeps its state in the application's
 * database with no further code.
 */
public final class ComponentPropertiesCustomizer implements ComponentCustomizer {

    static final String RECORDS_STORE = "recordsStore";
    static final String DATA_SOURCE = "dataSource";
    static final String JDBC = "jdbc";

    private static final Logger LOG = LoggerFactory.getLogger(ComponentPropertiesCustomizer.class);

    private final ApplicationContext applicationContext;
    private final String scheme;
    private final String prefix;
    private final Class<? extends Component> componentType;
    private final Supplier<Map<String, Object>> options;

    public ComponentPropertiesCustomizer(ApplicationContext applicationContext, String scheme, String prefix,
                                         Class<? extends Component> componentType, Supplier<Map<String, Object>> options) {
        this.applicationContext = applicationContext;
        this.scheme = scheme;
        this.prefix = prefix;
        this.componentType = componentType;
        this.options = options;
    }

    @Override
    public boolean isEnabled(String name, Component target) {
        return componentType.isInstance(target)
               && HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                       prefix + ".customizer");
    }

    @Override
    public void configure(String name, Component target) {
        CamelContext camelContext = target.getCamelContext();
        // the configurer is resolved when the component is initialized
        ServiceHelper.initService(target);
        PropertyConfigurer configurer = target.getComponentPropertyConfigurer();
        List<String> notApplied = new ArrayList<>();
        for (Map.Entry<String, Object> option : options.get().entrySet()) {
            String property = prefix + "." + dashed(option.getKey());
            try {
                if (!PropertyBindingSupport.build().withConfigurer(configurer).withIgnoreCase(true)
                        .bind(camelContext, target, option.getKey(), option.getValue())) {
                    notApplied.add(property);
                }
            } catch (PropertyBindingException e) {
                // the value is left out: it may be the secret
                throw new IllegalArgumentException("Cannot apply " + property + " to the " + scheme + " component: "
                                                   + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
            }
        }
        if (!notApplied.isEmpty()) {
            throw new IllegalArgumentException("Cannot apply " + notApplied + " to the " + scheme
                                               + " component: it has no such option. Check the property names against"
                                               + " the component's documentation.");
        }
        handTheApplicationDataSourceToAJdbcRecordsStore(camelContext, target, configurer);
    }

    private void handTheApplicationDataSourceToAJdbcRecordsStore(CamelContext camelContext, Component target,
                                                                 PropertyConfigurer configurer) {
        if (!(configurer instanceof PropertyConfigurerGetter getter)) {
            return;
        }
        if (getter.getOptionType(RECORDS_STORE, true) == null || getter.getOptionType(DATA_SOURCE, true) == null) {
            return;
        }
        Object store = getter.getOptionValue(target, RECORDS_STORE, true);
        if (store == null || !JDBC.equalsIgnoreCase(store.toString())
            || getter.getOptionValue(target, DATA_SOURCE, true) != null) {
            return;
        }
        DataSource dataSource = applicationContext.getBeanProvider(DataSource.class).getIfUnique();
        if (dataSource == null) {
            // none, or several and none primary: the component says what is missing when a records route starts
            LOG.warn("{}.records-store=jdbc but the application has no single DataSource bean: set {}.data-source=#beanName",
                    prefix, prefix);
            return;
        }
        configurer.configure(camelContext, target, DATA_SOURCE, dataSource, true);
        LOG.info("The {} records store keeps its state in the application's DataSource", scheme);
    }

    /** vccCode as the property name Spring Boot shows: vcc-code. */
    static String dashed(String option) {
        StringBuilder sb = new StringBuilder();
        for (char c : option.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

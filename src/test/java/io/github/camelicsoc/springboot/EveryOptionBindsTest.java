package io.github.camelicsoc.springboot;

import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.IcsocConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.camelicsoc.springboot.IcsocApplications.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every option in the component's catalog, set under camel.component.icsoc.* with its relaxed (dashed) name, reaches
 * the component: the test walks the catalog, so an option added later is covered with no edit here.
 */
class EveryOptionBindsTest {

    /** What was set and what the component must then hold. */
    private record Setting(String property, String value, Object expected, boolean sameInstance) {
    }

    @Test
    void everyCatalogOptionSetByItsDashedNameReachesTheComponent() throws Exception {
        Map<String, Object> beans = new LinkedHashMap<>();
        Map<String, Setting> settings = new LinkedHashMap<>();
        ComponentCatalog.componentOptions().forEach((name, option) -> settings.put(name, settingFor(name, option, beans)));
        List<String> properties = new ArrayList<>();
        settings.values().forEach(s -> properties.add(s.property() + "=" + s.value()));

        try (ConfigurableApplicationContext app = start(beans, properties.toArray(String[]::new))) {
            IcsocComponent component = app.getBean(CamelContext.class).getComponent("icsoc", IcsocComponent.class);
            PropertyConfigurerGetter options = (PropertyConfigurerGetter) component.getComponentPropertyConfigurer();
            List<String> wrong = new ArrayList<>();
            settings.forEach((name, setting) -> {
                Object actual = options.getOptionValue(component, name, true);
                boolean ok = setting.sameInstance()
                        ? actual == setting.expected()
                        : String.valueOf(setting.expected()).equalsIgnoreCase(String.valueOf(actual));
                if (!ok) {
                    wrong.add(setting.property() + "=" + setting.value() + " gave " + actual);
                }
            });
            assertTrue(wrong.isEmpty(), "options that did not reach the component: " + wrong);
        }
    }

    @Test
    void durationsTakeSpringBootFormsAndPlainMilliseconds() {
        try (ConfigurableApplicationContext app = start(
                "camel.component.icsoc.connect-timeout=1500",
                "camel.component.icsoc.request-timeout=PT2S",
                "camel.component.icsoc.lookback=3m",
                "camel.component.icsoc.settle=250ms",
                "camel.component.icsoc.max-window=2h")) {
            IcsocConfiguration configuration = app.getBean(CamelContext.class)
                    .getComponent("icsoc", IcsocComponent.class).getConfiguration();
            assertEquals(1_500, configuration.getConnectTimeout());
            assertEquals(2_000, configuration.getRequestTimeout());
            assertEquals(180_000, configuration.getLookback());
            assertEquals(250, configuration.getSettle());
            assertEquals(7_200_000, configuration.getMaxWindow());
        }
    }

    @Test
    void camelCaseNamesAsInTheCamelMainPropertiesWorkToo() {
        try (ConfigurableApplicationContext app = start("camel.component.icsoc.vccCode=7000009",
                "camel.component.icsoc.displayCaller=4001234567")) {
            IcsocConfiguration configuration = app.getBean(CamelContext.class)
                    .getComponent("icsoc", IcsocComponent.class).getConfiguration();
            assertEquals("7000009", configuration.getVccCode());
            assertEquals("4001234567", configuration.getDisplayCaller());
        }
    }

    @Test
    void aWholeConfigurationBeanIsTakenAndSingleOptionsBesideItWin() {
        IcsocConfiguration shared = new IcsocConfiguration();
        shared.setVccCode("7000003");
        shared.setCaller("13800138000");
        try (ConfigurableApplicationContext app = start(Map.of("sharedIcsoc", shared),
                "camel.component.icsoc.configuration=#sharedIcsoc", "camel.component.icsoc.vcc-code=7000004")) {
            IcsocConfiguration configuration = app.getBean(CamelContext.class)
                    .getComponent("icsoc", IcsocComponent.class).getConfiguration();
            assertSame(shared, configuration);
            assertEquals("7000004", configuration.getVccCode());
            assertEquals("13800138000", configuration.getCaller());
        }
    }

    private static Setting settingFor(String name, JsonNode option, Map<String, Object> beans) {
        String property = ComponentCatalog.PREFIX + ComponentCatalog.dashed(name);
        String type = option.path("type").asText();
        String javaType = option.path("javaType").asText();
        JsonNode enums = option.path("enum");
        if (enums.isArray() && !enums.isEmpty()) {
            // the last value, so that it differs from the usual default, the first
            String value = enums.get(enums.size() - 1).asText();
            return new Setting(property, value, value, false);
        }
        switch (type) {
            case "boolean" -> {
                boolean flipped = !option.path("defaultValue").asBoolean(false);
                return new Setting(property, Boolean.toString(flipped), flipped, false);
            }
            case "integer" -> {
                return new Setting(property, "7", 7, false);
            }
            case "duration" -> {
                return new Setting(property, "45s", javaType.startsWith("java.time") ? Duration.ofSeconds(45) : 45_000, false);
            }
            case "string" -> {
                String value = "sample-" + name;
                return new Setting(property, value, value, false);
            }
            case "object" -> {
                Object bean = sampleBean(javaType);
                String beanName = "sample-" + name;
                beans.put(beanName, bean);
                return new Setting(property, "#" + beanName, bean, true);
            }
            default -> throw new IllegalStateException("No sample value for option " + name + " of type " + type
                                                       + ": teach EveryOptionBindsTest this type");
        }
    }

    /** A bean of the option's type: a real one where a component may use it, a do-nothing proxy for interfaces. */
    private static Object sampleBean(String javaType) {
        String className = javaType.contains("<") ? javaType.substring(0, javaType.indexOf('<')) : javaType;
        try {
            Class<?> type = Class.forName(className);
            if (javax.sql.DataSource.class.equals(type)) {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:mem:every-option-binds;DB_CLOSE_DELAY=-1");
                return h2;
            }
            if (org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient.class.equals(type)) {
                // an HTTP client of the user's own (not started: the test only checks that it reaches the component)
                return org.apache.hc.client5.http.impl.async.HttpAsyncClients.createMinimal();
            }
            if (type.isInterface()) {
                return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "sample " + className;
                        };
                    }
                    Class<?> r = method.getReturnType();
                    // the zero of a primitive return type, null otherwise
                    return r.isPrimitive() && r != void.class ? Array.get(Array.newInstance(r, 1), 0) : null;
                });
            }
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot make a sample bean of " + javaType + ": teach EveryOptionBindsTest", e);
        }
    }
}

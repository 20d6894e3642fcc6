package io.github.camelicsoc.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates the component's Spring Boot support from its catalog JSON (the one camel-package-maven-plugin writes at
 * process-classes), so that every component option, including one added later, binds under
 * {@code camel.component.<scheme>.*} and shows in the IDE with no hand edit:
 * <ul>
 * <li>{@code <Name>ComponentConfiguration}: the {@code @ConfigurationProperties} class, one property per option;</li>
 * <li>{@code <Name>ComponentAutoConfiguration}: registers it and the component customizer that applies it;</li>
 * <li>{@code META-INF/spring-configuration-metadata.json}: every property with its type, default and the catalog's
 * description.</li>
 * </ul>
 * Run by the build as a single source file ({@code java SpringBootSupportGenerator.java}), with the compile class
 * path; arguments: the catalog JSON, the generated Java source folder, the generated resources folder and the class
 * output folder (the metadata goes to both resource folders: the resources were copied before this runs).
 */
public final class SpringBootSupportGenerator {

    private static final String PACKAGE_SUFFIX = ".springboot";
    private static final Set<String> RESERVED = Set.of("enabled", "customizer");
    private static final Map<String, String> WRAPPERS = Map.of(
            "boolean", "java.lang.Boolean", "int", "java.lang.Integer", "long", "java.lang.Long",
            "short", "java.lang.Short", "byte", "java.lang.Byte", "double", "java.lang.Double",
            "float", "java.lang.Float", "char", "java.lang.Character");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final JsonNode component;
    private final List<Option> options = new ArrayList<>();
    private final String scheme;
    private final String componentClass;
    private final String packageName;
    private final String baseName;
    private final String prefix;

    private SpringBootSupportGenerator(JsonNode catalog) {
        this.component = catalog.path("component");
        this.scheme = component.path("scheme").asText();
        this.componentClass = component.path("javaType").asText();
        this.packageName = componentClass.substring(0, componentClass.lastIndexOf('.')) + PACKAGE_SUFFIX;
        String simpleName = componentClass.substring(componentClass.lastIndexOf('.') + 1);
        this.baseName = simpleName.endsWith("Component") ? simpleName.substring(0, simpleName.length() - 9) : simpleName;
        this.prefix = "camel.component." + dashed(scheme);
        Set<String> configurationFields = new LinkedHashSet<>();
        for (Iterator<JsonNode> it = catalog.path("componentProperties").elements(); it.hasNext();) {
            JsonNode o = it.next();
            if (o.hasNonNull("configurationField")) {
                configurationFields.add(o.get("configurationField").asText());
            }
        }
        List<Option> rest = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = catalog.path("componentProperties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (RESERVED.contains(e.getKey())) {
                throw new IllegalStateException("The component option '" + e.getKey()
                                                + "' clashes with the Spring Boot switch of the same name: rename it");
            }
            Option option = new Option(e.getKey(), e.getValue());
            // a whole configuration object goes first, so that single options set beside it win
            (configurationFields.contains(option.name) ? options : rest).add(option);
        }
        options.addAll(rest);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: SpringBootSupportGenerator <catalog json> <java dir> <resources dir> <classes dir>");
        }
        Path catalogFile = Path.of(args[0]);
        if (!Files.isRegularFile(catalogFile)) {
            throw new IllegalStateException("No component catalog at " + catalogFile
                                            + ": camel-package-maven-plugin must run before this generator");
        }
        ObjectMapper json = new ObjectMapper();
        SpringBootSupportGenerator generator = new SpringBootSupportGenerator(json.readTree(catalogFile.toFile()));
        Path javaDir = Path.of(args[1]).resolve(generator.packageName.replace('.', '/'));
        generator.write(javaDir.resolve(generator.configurationName() + ".java"), generator.configurationSource());
        generator.write(javaDir.resolve(generator.autoConfigurationName() + ".java"), generator.autoConfigurationSource());
        String metadata = json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(generator.metadata(json)) + "\n";
        for (int i = 2; i < 4; i++) {
            generator.write(Path.of(args[i]).resolve("META-INF/spring-configuration-metadata.json"), metadata);
        }
    }

    private void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        // unchanged files keep their time stamp, so the compiler does not see a change
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            return;
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private String configurationName() {
        return baseName + "ComponentConfiguration";
    }

    private String autoConfigurationName() {
        return baseName + "ComponentAutoConfiguration";
    }

    // ---- the configuration properties class

    private String configurationSource() {
        StringBuilder src = new StringBuilder();
        src.append("package ").append(packageName).append(";\n\n")
                .append("import java.util.LinkedHashMap;\n")
                .append("import java.util.LinkedHashSet;\n")
                .append("import java.util.Map;\n")
                .append("import java.util.Set;\n\n")
                .append("import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;\n")
                .append("import org.springframework.boot.context.properties.ConfigurationProperties;\n\n")
                .append("/**\n")
                .append(javadoc(component.path("description").asText(), ""))
                .append(" * <p>\n")
                .append(" * The component's options as Spring Boot properties under {@code ").append(prefix).append("}.\n")
                .append(" * Generated at build time from the component's catalog by SpringBootSupportGenerator: do not edit.\n")
                .append(" */\n")
                .append("// a misspelled property under the prefix fails the start instead of being ignored\n")
                .append("@ConfigurationProperties(prefix = \"").append(prefix).append("\", ignoreUnknownFields = false)\n")
                .append("public class ").append(configurationName()).append(" extends ComponentConfigurationPropertiesCommon {\n");
        for (Option o : options) {
            src.append("\n    /**\n").append(javadoc(o.description, "    ")).append("     */\n");
            if (o.isDuration() && !o.javaType.startsWith("java.time.")) {
                src.append("    @org.springframework.boot.convert.DurationUnit(java.time.temporal.ChronoUnit.MILLIS)\n");
            }
            if (o.deprecated) {
                src.append("    @Deprecated\n");
            }
            src.append("    private ").append(o.sourceType()).append(' ').append(o.name).append(";\n");
        }
        for (Option o : options) {
            String cap = Character.toUpperCase(o.name.charAt(0)) + o.name.substring(1);
            src.append("\n    public ").append(o.sourceType()).append(" get").append(cap).append("() {\n")
                    .append("        return ").append(o.name).append(";\n    }\n\n")
                    .append("    public void set").append(cap).append('(').append(o.sourceType()).append(' ')
                    .append(o.name).append(") {\n")
                    .append("        this.").append(o.name).append(" = ").append(o.name).append(";\n    }\n");
        }
        src.append("\n    /**\n")
                .append("     * The options the application set, by the component's option names, in the types the component takes\n")
                .append("     * (durations in milliseconds); options left unset are absent, so the component keeps its defaults.\n")
                .append("     */\n")
                .append("    public Map<String, Object> componentOptions() {\n")
                .append("        Map<String, Object> options = new LinkedHashMap<>();\n");
        for (Option o : options) {
            src.append("        if (").append(o.name).append(" != null) {\n")
                    .append("            options.put(\"").append(o.name).append("\", ").append(o.componentValue()).append(");\n")
                    .append("        }\n");
        }
        src.append("        return options;\n    }\n\n")
                .append("    /** The option types whose values are references to beans: #beanName or #bean:beanName. */\n")
                .append("    public static Set<Class<?>> beanReferenceTypes() {\n")
                .append("        Set<Class<?>> types = new LinkedHashSet<>();\n");
        for (Option o : options) {
            if (o.isBeanReference()) {
                src.append("        types.add(").append(o.erasure()).append(".class);\n");
            }
        }
        src.append("        return types;\n    }\n\n")
                .append("    /** The option types that are enumerations, read by their own rule so that a wrong value lists the right ones. */\n")
                .append("    public static Set<Class<?>> enumerationTypes() {\n")
                .append("        Set<Class<?>> types = new LinkedHashSet<>();\n");
        for (Option o : options) {
            if (o.isEnumeration()) {
                src.append("        types.add(").append(o.erasure()).append(".class);\n");
            }
        }
        src.append("        return types;\n    }\n}\n");
        return src.toString();
    }

    // ---- the auto-configuration

    private String autoConfigurationSource() {
        String configuration = configurationName();
        return """
                package %1$s;

                import org.apache.camel.spi.ComponentCustomizer;
                import org.apache.camel.spring.boot.ComponentConfigurationProperties;
                import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
                import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
                import org.springframework.boot.autoconfigure.AutoConfiguration;
                import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
                import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
                import org.springframework.boot.context.properties.EnableConfigurationProperties;
                import org.springframework.context.ApplicationContext;
                import org.springframework.context.annotation.Bean;
                import org.springframework.context.annotation.Conditional;
                import org.springframework.context.annotation.Configuration;
                import org.springframework.context.annotation.Lazy;
                import org.springframework.core.convert.converter.GenericConverter;

                /**
                 * Configures the %2$s component from the {@code %3$s.*} properties, as Camel's own starters do: the
                 * properties class is bound at start-up and applied to the component by a component customizer when the
                 * component is created. {@code %3$s.enabled=false} (or {@code camel.component.enabled=false}) switches
                 * this off. Does nothing without camel-spring-boot, so that Spring Boot applications not running Camel
                 * through it are unaffected.
                 * <p>
                 * Generated at build time from the component's catalog by SpringBootSupportGenerator: do not edit.
                 */
                @AutoConfiguration(afterName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
                @ConditionalOnClass(name = "org.apache.camel.spring.boot.CamelAutoConfiguration")
                public class %4$s {

                    // kept in a nested class so that its conditions are read only when camel-spring-boot is present
                    @Configuration(proxyBeanMethods = false)
                    @Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
                    @ConditionalOnHierarchicalProperties({ "camel.component", "%3$s" })
                    @EnableConfigurationProperties({ ComponentConfigurationProperties.class, %5$s.class })
                    static class ComponentProperties {

                        @Bean
                        @ConfigurationPropertiesBinding
                        static GenericConverter %6$sBeanReferences(ApplicationContext applicationContext) {
                            return new BeanReferenceConverter(applicationContext, %5$s.beanReferenceTypes());
                        }

                        @Bean
                        @ConfigurationPropertiesBinding
                        static GenericConverter %6$sEnumerations() {
                            return new EnumerationOptionConverter(%5$s.enumerationTypes());
                        }

                        @Lazy
                        @Bean
                        ComponentCustomizer configure%7$sComponent(ApplicationContext applicationContext, %5$s configuration) {
                            return new ComponentPropertiesCustomizer(applicationContext, "%2$s", "%3$s", %8$s.class,
                                    configuration::componentOptions);
                        }
                    }
                }
                """.formatted(packageName, scheme, prefix, autoConfigurationName(), configuration,
                Character.toLowerCase(baseName.charAt(0)) + baseName.substring(1), baseName, componentClass);
    }

    // ---- the configuration metadata

    private ObjectNode metadata(ObjectMapper json) {
        String sourceType = packageName + "." + configurationName();
        ObjectNode root = json.createObjectNode();
        ArrayNode groups = root.putArray("groups");
        groups.addObject().put("name", prefix).put("type", sourceType).put("sourceType", sourceType);
        groups.addObject().put("name", prefix + ".customizer")
                .put("type", "org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon$CustomizerProperties")
                .put("sourceType", sourceType).put("sourceMethod", "getCustomizer()");
        ArrayNode properties = root.putArray("properties");
        properties.addObject().put("name", prefix + ".enabled").put("type", "java.lang.Boolean")
                .put("description", "Whether to enable auto configuration of the " + scheme
                                    + " component. This is enabled by default.")
                .put("sourceType", sourceType).put("defaultValue", true);
        properties.addObject().put("name", prefix + ".customizer.enabled").put("type", "java.lang.Boolean")
                .put("description", "Whether the " + scheme + " component is configured from these properties when it is"
                                    + " created. This is enabled by default.")
                .put("sourceType", "org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon$CustomizerProperties")
                .put("defaultValue", true);
        ArrayNode hints = json.createArrayNode();
        for (Option o : options) {
            ObjectNode p = properties.addObject();
            p.put("name", prefix + "." + dashed(o.name));
            p.put("type", o.propertyType().replace(" ", ""));
            p.put("description", o.description);
            p.put("sourceType", sourceType);
            if (o.defaultValue != null && !(o.defaultValue.isTextual() && o.defaultValue.asText().isEmpty())) {
                if (o.isDuration()) {
                    p.put("defaultValue", springDuration(o.defaultValue.asText()));
                } else if (o.defaultValue.isBoolean() || o.defaultValue.isNumber()) {
                    p.set("defaultValue", o.defaultValue);
                } else if ("java.lang.Boolean".equals(o.propertyType())) {
                    p.put("defaultValue", Boolean.parseBoolean(o.defaultValue.asText()));
                } else {
                    p.put("defaultValue", o.defaultValue.asText());
                }
            }
            if (o.deprecated) {
                p.putObject("deprecation").put("level", "warning");
            }
            if (!o.enums.isEmpty()) {
                ObjectNode hint = hints.addObject().put("name", prefix + "." + dashed(o.name));
                ArrayNode values = hint.putArray("values");
                o.enums.forEach(v -> values.addObject().put("value", v));
            }
        }
        root.set("hints", hints);
        return root;
    }

    /** A catalog duration default (milliseconds, 30s, PT30S) in the form Spring Boot shows: 30s. */
    static String springDuration(String value) {
        String text = value.trim();
        long millis;
        Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (text.matches("-?\\d+")) {
            millis = Long.parseLong(text);
        } else if (simple.matches()) {
            long n = Long.parseLong(simple.group(1));
            millis = switch (simple.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 86_400_000;
            };
        } else {
            millis = Duration.parse(text.startsWith("P") ? text : "PT" + text).toMillis();
        }
        if (millis != 0 && millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        } else if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        } else if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        } else if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    /** The property name Spring Boot shows for an option: vccCode becomes vcc-code. */
    static String dashed(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && name.charAt(i - 1) != '-') {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String javadoc(String text, String indent) {
        StringBuilder sb = new StringBuilder();
        String safe = text.replace("*/", "*&#47;").replace("@", "{@literal @}");
        StringBuilder line = new StringBuilder();
        for (String word : safe.split("\\s+")) {
            if (line.length() > 0 && line.length() + word.length() > 100) {
                sb.append(indent).append(" * ").append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            sb.append(indent).append(" * ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** One component option as the catalog describes it. */
    private static final class Option {
        final String name;
        final String type;
        final String javaType;
        final String description;
        final JsonNode defaultValue;
        final boolean deprecated;
        final List<String> enums = new ArrayList<>();

        Option(String name, JsonNode o) {
            this.name = name;
            this.type = o.path("type").asText();
            this.javaType = o.path("javaType").asText();
            this.description = o.path("description").asText("");
            this.defaultValue = o.get("defaultValue");
            this.deprecated = o.path("deprecated").asBoolean(false);
            o.path("enum").forEach(v -> enums.add(v.asText()));
        }

        boolean isDuration() {
            return "duration".equals(type);
        }

        /** An option whose Java type is an enumeration class (not a String with listed values). */
        boolean isEnumeration() {
            return "enum".equals(type) && !"java.lang.String".equals(javaType);
        }

        /** Objects are given as references to beans, as in Camel's own starters. */
        boolean isBeanReference() {
            return "object".equals(type) && enums.isEmpty() && !"java.lang.Object".equals(javaType)
                   && !javaType.startsWith("java.util.Map") && !javaType.startsWith("java.util.List")
                   && !javaType.startsWith("java.util.Set") && !javaType.startsWith("java.time.");
        }

        /** The type of the Spring Boot property: wrappers so that unset stays null, Duration for durations. */
        String propertyType() {
            if (isDuration()) {
                return "java.time.Duration";
            }
            return WRAPPERS.getOrDefault(javaType, javaType);
        }

        /** The property type as written in the generated source. */
        String sourceType() {
            return propertyType().replaceAll("java\\.lang\\.(\\w+)", "$1");
        }

        String erasure() {
            int generic = javaType.indexOf('<');
            return generic < 0 ? javaType : javaType.substring(0, generic);
        }

        /** How the bound value is handed to the component's own option. */
        String componentValue() {
            if (isDuration() && !javaType.startsWith("java.time.")) {
                return "int".equals(javaType) || "java.lang.Integer".equals(javaType)
                        ? "Math.toIntExact(" + name + ".toMillis())" : name + ".toMillis()";
            }
            return name;
        }
    }
}

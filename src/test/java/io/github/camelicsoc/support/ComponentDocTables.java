package io.github.camelicsoc.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders the options and headers tables of {@code src/main/docs/icsoc-component.adoc} from the catalog JSON the
 * Camel package plugin generates, between the markers {@code // icsoc tables: START} and {@code // icsoc tables: END}.
 * On Camel's own site those tables come from the same JSON through the {@code include::partial$...} lines that the
 * plugin's update-readme goal writes; these make the page complete where it is read on its own. The build runs
 * {@link #main} after the test classes are compiled; {@code ComponentDocTest} checks the result.
 */
public final class ComponentDocTables {

    public static final String START = "// icsoc tables: START";
    public static final String END = "// icsoc tables: END";

    private ComponentDocTables() {
    }

    /** Arguments: the component JSON, the .adoc file to update in place (rewritten only when its tables changed). */
    public static void main(String[] args) throws IOException {
        Path json = Path.of(args[0]);
        Path adoc = Path.of(args[1]);
        String page = Files.readString(adoc, StandardCharsets.UTF_8);
        String updated = withTables(page, render(new ObjectMapper().readTree(json.toFile())));
        if (!updated.equals(page)) {
            Files.writeString(adoc, updated, StandardCharsets.UTF_8);
            System.out.println("Updated the options and headers tables of " + adoc);
        }
    }

    /** The page with the block between the markers replaced by {@code tables}. */
    public static String withTables(String page, String tables) {
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("The component page has no '" + START + "' ... '" + END + "' block");
        }
        return page.substring(0, start) + START + "\n" + tables + END + page.substring(end + END.length());
    }

    /** The tables for a component JSON as the Camel package plugin writes it. */
    public static String render(JsonNode json) {
        String scheme = json.path("component").path("scheme").asText();
        StringBuilder out = new StringBuilder();
        out.append("=== Component Options\n\n");
        options(out, "The " + scheme + " component supports", json.path("componentProperties"), null);
        out.append("=== Endpoint Options\n\n");
        out.append("The " + scheme + " endpoint is configured using URI syntax:\n\n----\n")
                .append(json.path("component").path("syntax").asText()).append("\n----\n\n");
        out.append("==== Path Parameters\n\n");
        options(out, "The " + scheme + " endpoint has", json.path("properties"), "path");
        out.append("==== Query Parameters\n\n");
        options(out, "The " + scheme + " endpoint supports", json.path("properties"), "parameter");
        out.append("=== Message Headers\n\n");
        List<Map.Entry<String, JsonNode>> headers = entries(json.path("headers"), null);
        out.append("The " + scheme + " component supports " + headers.size() + " message headers, listed below.\n\n");
        table(out, headers, true);
        return out.toString();
    }

    private static void options(StringBuilder out, String lead, JsonNode options, String kind) {
        List<Map.Entry<String, JsonNode>> rows = entries(options, kind);
        out.append(lead).append(' ').append(rows.size()).append(rows.size() == 1 ? " option" : " options")
                .append(", listed below.\n\n");
        table(out, rows, false);
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode node, String kind) {
        List<Map.Entry<String, JsonNode>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (kind == null || kind.equals(e.getValue().path("kind").asText())) {
                rows.add(e);
            }
        }
        return rows;
    }

    private static void table(StringBuilder out, List<Map.Entry<String, JsonNode>> rows, boolean headers) {
        out.append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n");
        out.append("| Name | Description | Default | Type\n");
        for (Map.Entry<String, JsonNode> row : rows) {
            JsonNode o = row.getValue();
            String group = o.path(headers ? "label" : "group").asText();
            out.append("| *").append(row.getKey()).append('*');
            if (!group.isEmpty()) {
                out.append(" (").append(group).append(')');
            }
            if (o.path("required").asBoolean()) {
                out.append(" *required*");
            }
            out.append(" | ").append(cell(o.path("description").asText()));
            if (o.path("secret").asBoolean()) {
                out.append(" Secret: masked, never logged.");
            }
            if (o.has("enum")) {
                List<String> values = new ArrayList<>();
                o.path("enum").forEach(v -> values.add(v.asText()));
                out.append(" Enum values: ").append(String.join(", ", values)).append('.');
            }
            String defaultValue = o.has("defaultValue") ? o.path("defaultValue").asText() : "";
            out.append(" | ").append(defaultValue.isEmpty() ? "" : cell(defaultValue))
                    .append(" | ").append(cell(simpleType(o.path("javaType").asText()))).append('\n');
        }
        out.append("|===\n\n");
    }

    private static String simpleType(String javaType) {
        String raw = javaType.replaceAll("<.*>", "");
        return raw.substring(raw.lastIndexOf('.') + 1) + (javaType.contains("<") ? javaType.substring(javaType.indexOf('<'))
                .replaceAll("[a-z0-9_]+\\.", "") : "");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

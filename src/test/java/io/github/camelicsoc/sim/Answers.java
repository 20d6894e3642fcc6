package io.github.camelicsoc.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The shapes of the platform's answers and of the form every request carries.
 */
final class Answers {

    private Answers() {
    }

    /** A JSON envelope with only a result code and its message, as the platform refuses a request. */
    static ResponseDefinitionBuilder code(int code, String message) {
        return json("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    static ResponseDefinitionBuilder json(String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    /** A bad X-WSSE header is an HTTP 401 with a plain-text body, not a JSON result code. */
    static ResponseDefinitionBuilder authenticationFailure(String why) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(401)
                .withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody("authentication failed: " + why);
    }

    static ResponseDefinitionBuilder notFound() {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(404)
                .withBody("<html><body>404 Not Found</body></html>");
    }

    static ResponseDefinitionBuilder methodNotAllowed() {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(405);
    }

    /** The fields of a form-encoded body, in the order sent. */
    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }
}

package io.github.camelicsoc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.camelicsoc.support.Figures;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A secret typed in an endpoint URI, with every character that means something in a URI, written plain,
 * {@code RAW(...)} or {@code RAW{...}}: the call authenticates with exactly that secret, and nothing rendered from
 * the endpoint (toString, its URI, base URI, key, the exchange's to-endpoint property, Camel's sanitized form of
 * them) shows any piece of it. Camel's own masking alone showed whatever followed a ')' or '}' inside RAW.
 */
class UriSecretsTest extends SimulatorTestSupport {

    /** Characters that mean something in a URI, a query, a RAW value, a properties file or JSON, and a few letters. */
    static final List<String> SPECIAL = List.of(")", "(", "}", "{", "&", "=", "?", "#", "%", "%41", "+", " ", "/",
            "\\", ":", ";", ",", "'", "\"", "<", ">", "~", "*", "!", "@", "$", "^", "|", "[", "]", "`", "))", "}}",
            ")(", "){", "}(", "RAW(", "RAW{", "secret=", "&secret=", "xxxxxx", ".", "-", "_", "中文", "é", "😀");
    /** Characters Camel takes as they are in a plain (not RAW) query value. */
    static final String PLAIN_SAFE = ")(}{:;,'!*@$~.-_";

    /** The distinct secret-in-URI inputs tried, for the reliability figures. */
    static final Set<String> TRIED = new LinkedHashSet<>();

    @Test
    void aSecretWithAnyUriCharacterInRawBracketsAuthenticatesAndIsHiddenFromEverythingRenderedFromTheEndpoint() {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String special : SPECIAL) {
            String secret = "Kq" + (100 + n) + "Zw" + special + "Vh" + (100 + n) + "Tp";
            n++;
            List<String> forms = new ArrayList<>();
            if (!(secret + "&").contains(")&")) {
                forms.add("RAW(" + secret + ")");
            }
            if (!(secret + "&").contains("}&")) {
                forms.add("RAW{" + secret + "}");
            }
            if (special.chars().allMatch(c -> PLAIN_SAFE.indexOf(c) >= 0)) {
                forms.add(secret);
            }
            for (String form : forms) {
                String vcc = Integer.toString(7_300_000 + TRIED.size());
                sim.addEnterprise(vcc, secret);
                // the secret first, in the middle and last among the options
                String uri = switch (TRIED.size() % 3) {
                    case 0 -> "icsoc:call?secret=" + form + "&vccCode=" + vcc + "&caller=13800138000";
                    case 1 -> "icsoc:call?vccCode=" + vcc + "&secret=" + form + "&caller=13800138000";
                    default -> "icsoc:call?vccCode=" + vcc + "&caller=13800138000&secret=" + form;
                };
                TRIED.add(uri);
                Exchange done = template.send(uri, e -> e.getIn().setHeader(IcsocConstants.CALLED, "13900139000"));
                if (done.getException() != null) {
                    failures.add(form + ": the call failed: " + done.getException());
                    continue;
                }
                Endpoint endpoint = context.getEndpoints().stream()
                        .filter(e -> e.getEndpointUri().contains("vccCode=" + vcc)).findFirst().orElseThrow();
                String rendered = endpoint + "\n" + endpoint.getEndpointUri() + "\n" + endpoint.getEndpointBaseUri()
                                  + "\n" + endpoint.getEndpointKey() + "\n"
                                  + URISupport.sanitizeUri(endpoint.getEndpointUri()) + "\n"
                                  + done.getProperty(Exchange.TO_ENDPOINT) + "\n" + done.getMessage().getBody();
                if (shows(rendered, secret)) {
                    failures.add(form + " shows in: " + rendered);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + TRIED.size() + " failed:\n"
                                       + String.join("\n", failures));
        assertTrue(TRIED.size() >= 100, "inputs tried: " + TRIED.size());
        new Figures("secrets-in-uris").put("secret-in-URI inputs tried", TRIED.size()).put("secrets shown", 0)
                .report();
    }

    /** Any piece of the secret of four characters or more between the characters that are not letters or digits. */
    static boolean shows(String text, String secret) {
        for (String piece : secret.split("[^A-Za-z0-9]+")) {
            // the words the inputs borrow from URIs are no secret
            if (piece.length() >= 4 && !List.of("secret", "xxxxxx").contains(piece) && text.contains(piece)) {
                return true;
            }
        }
        return text.contains(secret);
    }

    @Test
    void masksEverySecretParameterWhateverItsFormAndPlaceAndKeepsTheRest() {
        String[][] cases = {
                { "icsoc://call?secret=abc", "icsoc://call?secret=xxxxxx" },
                { "icsoc://call?a=1&secret=abc&b=2", "icsoc://call?a=1&secret=xxxxxx&b=2" },
                { "icsoc://call?secret=RAW(a)b)&b=2", "icsoc://call?secret=xxxxxx&b=2" },
                { "icsoc://call?b=2&secret=RAW(a)b)", "icsoc://call?b=2&secret=xxxxxx" },
                { "icsoc://call?secret=RAW(a&b)&b=2", "icsoc://call?secret=xxxxxx&b=2" },
                { "icsoc://call?secret=RAW{a}b}&b=2", "icsoc://call?secret=xxxxxx&b=2" },
                { "icsoc://call?secret=RAW{a&b}", "icsoc://call?secret=xxxxxx" },
                { "icsoc://call?secret=RAW(abc", "icsoc://call?secret=xxxxxx" },
                { "icsoc://call?secret=RAW(a)&x&b=2", "icsoc://call?secret=xxxxxx&x&b=2" },
                { "icsoc://call?SECRET=abc&Secret=def", "icsoc://call?SECRET=xxxxxx&Secret=xxxxxx" },
                { "icsoc://call?secret=&b=2", "icsoc://call?secret=xxxxxx&b=2" },
                { "icsoc://call?secret&b=2", "icsoc://call?secret&b=2" },
                { "icsoc://call?&&secret=abc&&", "icsoc://call?&&secret=xxxxxx&&" },
                { "icsoc://call?secretFromEnv=ICSOC_SECRET", "icsoc://call?secretFromEnv=ICSOC_SECRET" },
                { "icsoc://call?mysecret=abc", "icsoc://call?mysecret=abc" },
                { "icsoc://call?caller=RAW(secret=x)", "icsoc://call?caller=RAW(secret=x)" },
                { "icsoc://call", "icsoc://call" },
                { "icsoc://call?", "icsoc://call?" },
                { "icsoc:call?secret=a=b=c", "icsoc:call?secret=xxxxxx" },
                { "icsoc:call?secret=RAW()", "icsoc:call?secret=xxxxxx" },
                { "icsoc:call?secret=RAW{}", "icsoc:call?secret=xxxxxx" },
                { "icsoc://call?secret=RAW%7Ba&b%7D&c=3", "icsoc://call?secret=xxxxxx&c=3" },
                { "icsoc://call?secret=RAW%7ba&b%7d", "icsoc://call?secret=xxxxxx" },
        };
        for (String[] c : cases) {
            assertEquals(c[1], UriSecrets.mask(c[0]), c[0]);
            TRIED.add(c[0]);
        }
        assertNull(UriSecrets.mask(null));
        assertFalse(UriSecrets.mask("icsoc://call?secret=RAW(a)b)").contains("b)"));
    }
}

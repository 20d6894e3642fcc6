package io.github.camelicsoc;

import java.util.Locale;

/**
 * Takes the value of the {@code secret} option out of an endpoint URI, whatever form it was written in: plain,
 * {@code RAW(...)} or {@code RAW{...}}, with any character inside (Camel's own masking ends a RAW value at its first
 * closing bracket and shows the rest).
 */
public final class UriSecrets {

    /** What stands in for a secret, as in Camel's own masking. */
    public static final String MASK = "xxxxxx";

    private UriSecrets() {
    }

    /** The URI with the value of every {@code secret} parameter (any case) replaced by {@link #MASK}. */
    public static String mask(String uri) {
        if (uri == null) {
            return null;
        }
        int query = uri.indexOf('?');
        if (query < 0) {
            return uri;
        }
        StringBuilder masked = new StringBuilder(uri.length()).append(uri, 0, query + 1);
        int at = query + 1;
        while (at <= uri.length()) {
            int equals = uri.indexOf('=', at);
            int amp = uri.indexOf('&', at);
            if (equals < 0 || (amp >= 0 && amp < equals)) {
                // a parameter without a value
                int end = amp < 0 ? uri.length() : amp;
                masked.append(uri, at, end);
                if (amp < 0) {
                    break;
                }
                masked.append('&');
                at = amp + 1;
                continue;
            }
            String name = uri.substring(at, equals);
            int end = valueEnd(uri, equals + 1);
            masked.append(name).append('=');
            if (name.toLowerCase(Locale.ROOT).equals("secret")) {
                masked.append(MASK);
            } else {
                masked.append(uri, equals + 1, end);
            }
            if (end >= uri.length()) {
                break;
            }
            masked.append('&');
            at = end + 1;
        }
        return masked.toString();
    }

    /** Where a value starting at {@code start} ends: as Camel reads it, a RAW value runs to its bracket before '&'. */
    private static int valueEnd(String uri, int start) {
        // Camel hands a component RAW{...} with its braces percent-encoded
        for (String[] raw : new String[][] { { "RAW(", ")" }, { "RAW{", "}" }, { "RAW%7B", "%7D" }, { "RAW%7b", "%7d" } }) {
            if (uri.startsWith(raw[0], start)) {
                int close = uri.indexOf(raw[1] + "&", start + raw[0].length());
                if (close >= 0) {
                    return close + raw[1].length();
                }
                if (uri.endsWith(raw[1]) && uri.length() > start + raw[0].length()) {
                    return uri.length();
                }
            }
        }
        int amp = uri.indexOf('&', start);
        return amp < 0 ? uri.length() : amp;
    }
}

package io.github.camelicsoc.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.github.camelicsoc.model.IcsocException;

/**
 * The carried headers as one text: {@code name=value} pairs in name order joined by {@code &}, with {@code %},
 * {@code &} and {@code =} written {@code %25}, {@code %26} and {@code %3D}. Readable in the table, and no
 * serializer that could make objects of what it reads.
 */
final class CarriedHeaders {

    private CarriedHeaders() {
    }

    static String write(Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> h : new TreeMap<>(headers).entrySet()) {
            if (!text.isEmpty()) {
                text.append('&');
            }
            escape(h.getKey(), text);
            text.append('=');
            escape(h.getValue(), text);
        }
        return text.toString();
    }

    static Map<String, String> read(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return headers;
        }
        if (text.length() > JdbcDialect.MAX_CARRIED_HEADERS) {
            throw new IllegalStateException("Stored carried headers of " + text.length() + " characters, more"
                                            + " than the " + JdbcDialect.MAX_CARRIED_HEADERS + " ever written");
        }
        for (String pair : text.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException("Stored carried headers are not name=value pairs: '"
                                                + IcsocException.excerpt(text) + "'");
            }
            headers.put(unescape(pair.substring(0, eq)), unescape(pair.substring(eq + 1)));
        }
        return headers;
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '&' -> out.append("%26");
                case '=' -> out.append("%3D");
                default -> out.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalStateException("Stored carried headers end in a cut escape");
                }
                String code = s.substring(i + 1, i + 3);
                switch (code) {
                    case "25" -> out.append('%');
                    case "26" -> out.append('&');
                    case "3D" -> out.append('=');
                    default -> throw new IllegalStateException("Stored carried headers hold an unknown escape %"
                                                               + code);
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

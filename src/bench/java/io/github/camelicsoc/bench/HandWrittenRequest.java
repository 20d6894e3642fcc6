package io.github.camelicsoc.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What a user writes without the component: the form of a classic call and the X-WSSE header, by hand. Shared by the
 * hand-written camel-http route and the bare HTTP clients, so that they send what the component sends.
 */
final class HandWrittenRequest {

    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=UTF-8";

    private static final SecureRandom RANDOM = new SecureRandom();

    private HandWrittenRequest() {
    }

    static String form(String caller, String called) {
        return "caller=" + URLEncoder.encode(caller, StandardCharsets.UTF_8)
               + "&called=" + URLEncoder.encode(called, StandardCharsets.UTF_8);
    }

    /** {@code UsernameToken ...}: digest = base64(sha1(nonce + created + secret)), a fresh nonce, now. */
    static String wsse(String vccCode, String secret) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String created = Long.toString(System.currentTimeMillis() / 1000);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(secret.getBytes(StandardCharsets.UTF_8));
            return "UsernameToken Username=\"" + vccCode + "\", PasswordDigest=\""
                   + Base64.getEncoder().encodeToString(sha1.digest()) + "\", Nonce=\""
                   + Base64.getEncoder().encodeToString(nonce) + "\", Created=\"" + created + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

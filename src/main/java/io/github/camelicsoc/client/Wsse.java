package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The X-WSSE UsernameToken header every icsoc request carries:
 * {@code digest = base64(sha1(base64decode(nonce) + created + secret))}, with a fresh random nonce and the current
 * Unix time in seconds.
 */
public final class Wsse {

    /** The header's name. */
    public static final String HEADER = "X-WSSE";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 16;
    /** Copied for each header: cheaper than looking the algorithm up among the security providers each time. */
    private static final MessageDigest SHA1 = sha1();

    private Wsse() {
    }

    /** A header for now, with a fresh nonce. */
    public static String header(String vccCode, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return header(vccCode, secret, nonce, System.currentTimeMillis() / 1000);
    }

    static String header(String vccCode, String secret, byte[] nonce, long created) {
        String createdText = Long.toString(created);
        return "UsernameToken Username=\"" + vccCode + "\", PasswordDigest=\"" + digest(nonce, createdText, secret)
               + "\", Nonce=\"" + Base64.getEncoder().encodeToString(nonce) + "\", Created=\"" + createdText + "\"";
    }

    static String digest(byte[] nonce, String created, String secret) {
        MessageDigest sha1;
        try {
            sha1 = (MessageDigest) SHA1.clone();
        } catch (CloneNotSupportedException e) {
            sha1 = sha1();
        }
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update(secret.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-1
            throw new IllegalStateException(e);
        }
    }
}

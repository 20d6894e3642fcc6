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
 * <p>
 * An instance holds one enterprise code's credentials, ready for its headers: the client builds one and signs every
 * request with it. It never shows the secret, not even in {@link #toString()}.
 */
public final class Wsse {

    /** The header's name. */
    public static final String HEADER = "X-WSSE";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 16;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    /** Copied once per thread: cheaper than looking the algorithm up among the security providers each time. */
    private static final MessageDigest SHA1 = sha1();
    // a digest per thread, reset by each use, rather than a copy of the prototype per header
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Wsse::copyOfSha1);

    private final String username;
    private final byte[] secret;

    /**
     * @param vccCode the enterprise code, checked elsewhere before any header is made
     * @param secret  the API secret; null reads as none
     */
    public Wsse(String vccCode, String secret) {
        // the header's start, made once
        this.username = "UsernameToken Username=\"" + vccCode + "\", PasswordDigest=\"";
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A header for now, with a fresh nonce. */
    public static String header(String vccCode, String secret) {
        return new Wsse(vccCode, secret).header();
    }

    static String header(String vccCode, String secret, byte[] nonce, long created) {
        return new Wsse(vccCode, secret).header(nonce, created);
    }

    /** A header for now, with a fresh nonce. */
    public String header() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return header(nonce, System.currentTimeMillis() / 1000);
    }

    String header(byte[] nonce, long created) {
        String createdText = Long.toString(created);
        // about 140 characters for a 16-byte nonce: sized so that the builder never grows
        return new StringBuilder(username.length() + 96)
                .append(username).append(digest(nonce, createdText, secret))
                .append("\", Nonce=\"").append(BASE64.encodeToString(nonce))
                .append("\", Created=\"").append(createdText).append('"')
                .toString();
    }

    static String digest(byte[] nonce, String created, String secret) {
        return digest(nonce, created, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(byte[] nonce, String created, byte[] secret) {
        MessageDigest sha1 = DIGESTS.get();
        // digest() resets it; this covers a use that ended half-way
        sha1.reset();
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update(secret);
        return BASE64.encodeToString(sha1.digest());
    }

    private static MessageDigest copyOfSha1() {
        try {
            return (MessageDigest) SHA1.clone();
        } catch (CloneNotSupportedException e) {
            return sha1();
        }
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

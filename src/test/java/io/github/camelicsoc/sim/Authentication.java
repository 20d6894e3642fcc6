package io.github.camelicsoc.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The platform's check of the X-WSSE header: a known enterprise code, a digest of nonce, created and secret computed
 * here independently of the component's code, a created time close to the platform's clock, and a nonce never seen
 * before.
 */
final class Authentication {

    private static final Pattern WSSE_FIELD = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final long MAX_CLOCK_SKEW_SECONDS = 300;

    private final PlatformTime time;
    private final Map<String, String> enterprises = new ConcurrentHashMap<>();
    private final Set<String> seenNonces = ConcurrentHashMap.newKeySet();

    Authentication(PlatformTime time) {
        this.time = time;
    }

    void addEnterprise(String vccCode, String secret) {
        enterprises.put(vccCode, secret);
    }

    /** Null when the header is good; the platform's answer otherwise. */
    ResponseDefinitionBuilder check(String header) {
        Map<String, String> fields = new HashMap<>();
        if (header != null) {
            Matcher m = WSSE_FIELD.matcher(header);
            while (m.find()) {
                fields.put(m.group(1), m.group(2));
            }
        }
        String vccCode = fields.get("Username");
        if (vccCode == null || vccCode.isEmpty()) {
            return Answers.code(401, "企业代码为空");
        }
        String secret = enterprises.get(vccCode);
        if (secret == null) {
            return Answers.code(402, "企业代码不存在");
        }
        String nonce = fields.get("Nonce");
        String created = fields.get("Created");
        String digest = fields.get("PasswordDigest");
        if (nonce == null || created == null || digest == null) {
            return Answers.authenticationFailure("incomplete X-WSSE header");
        }
        byte[] nonceBytes;
        long createdSeconds;
        try {
            nonceBytes = Base64.getDecoder().decode(nonce);
            createdSeconds = Long.parseLong(created);
        } catch (IllegalArgumentException e) {
            return Answers.authenticationFailure("malformed nonce or created");
        }
        if (Math.abs(time.epochSecond() - createdSeconds) > MAX_CLOCK_SKEW_SECONDS) {
            return Answers.authenticationFailure("created is too far from now");
        }
        if (!expectedDigest(nonceBytes, created, secret).equals(digest)) {
            return Answers.authenticationFailure("digest mismatch");
        }
        if (!seenNonces.add(nonce)) {
            return Answers.authenticationFailure("nonce already used");
        }
        return null;
    }

    /** The digest as the platform computes it, written independently of the component's code. */
    static String expectedDigest(byte[] nonce, String created, String secret) {
        try {
            byte[] created8 = created.getBytes(StandardCharsets.UTF_8);
            byte[] secret8 = secret.getBytes(StandardCharsets.UTF_8);
            byte[] input = new byte[nonce.length + created8.length + secret8.length];
            System.arraycopy(nonce, 0, input, 0, nonce.length);
            System.arraycopy(created8, 0, input, nonce.length, created8.length);
            System.arraycopy(secret8, 0, input, nonce.length + created8.length, secret8.length);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA1").digest(input));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WsseTest {

    @Test
    void theDigestMatchesAVectorComputedOutsideJava() {
        // base64(sha1(nonce bytes + "1700000000" + "s3cret")), computed with another language's SHA-1
        byte[] nonce = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        assertEquals("UsernameToken Username=\"7000001\", PasswordDigest=\"AsKjGHoD8wuOI1JTjZEvoCTNXmQ=\", "
                     + "Nonce=\"MDEyMzQ1Njc4OWFiY2RlZg==\", Created=\"1700000000\"",
                Wsse.header("7000001", "s3cret", nonce, 1700000000L));
    }
}

package io.github.camelicsoc.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes of a value an {@link AnswerScanner} captured: all of them up to a bound (a record's, for an entry), else
 * only its beginning, its size and a SHA-256 of every byte, so a value of any size costs at most the bound.
 */
final class ValueBytes {

    private static final HexFormat HEX = HexFormat.of();

    private final int max;
    private byte[] bytes = new byte[4096];
    private int length;
    private long size;
    private MessageDigest digest;

    ValueBytes(int max) {
        this.max = max;
    }

    void reset() {
        length = 0;
        size = 0;
        digest = null;
    }

    void append(byte[] source, int offset, int count) {
        size += count;
        if (digest == null && length + count <= max) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(length + count, bytes.length * 2)));
            }
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
            return;
        }
        if (digest == null) {
            digest = sha256();
            digest.update(bytes, 0, length);
        }
        digest.update(source, offset, count);
    }

    /** True when every byte of the value is held. */
    boolean whole() {
        return digest == null;
    }

    /** The bytes held: all of them when {@link #whole()}, else the first ones. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** The value's size in bytes. */
    long size() {
        return size;
    }

    /** 32 hex digits of the SHA-256 of every byte of the value. */
    String digest() {
        MessageDigest all = digest;
        if (all == null) {
            all = sha256();
            all.update(bytes, 0, length);
        }
        return HEX.formatHex(all.digest(), 0, 16);
    }

    /** The first {@code limit} bytes as text. */
    String text(int limit) {
        return new String(bytes, 0, Math.min(length, limit), StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}

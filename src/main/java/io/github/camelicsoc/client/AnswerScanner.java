package io.github.camelicsoc.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JacksonException;

/**
 * Walks a JSON answer byte by byte and finds where its values begin and end, holding none of them: no string, number,
 * name or nesting in the answer costs memory, so nothing below the answer's own bound ({@code maxRecordsDownload})
 * can fail the answer as a whole. Only the value being captured ({@link #startCapture}) is kept, and only up to a
 * bound; past it just its size, its beginning and a SHA-256 of all its bytes. A captured value is parsed alone, under
 * a record's bounds, by the caller; inside a value this scanner only pairs brackets and finds where strings end.
 */
final class AnswerScanner {

    /** A JSON answer that is broken where this scanner looks: its structure, not a value inside it. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /** A field name: its text (null past 64 bytes), and whether it is written as PHP writes an array's key. */
    record Name(String text, boolean index) {
    }

    /** Names longer than this are not decoded (no field the reader looks for is as long). */
    private static final int NAME_TEXT_BYTES = 64;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long consumed;
    private ValueBytes capture;
    private int captureFrom;
    private final byte[] name = new byte[NAME_TEXT_BYTES];

    AnswerScanner(InputStream in) {
        this.in = in;
    }

    /** Skips a UTF-8 byte order mark, which some servers write before JSON. */
    void skipByteOrderMark() throws IOException {
        if (peek() == 0xEF && fill(3) && (buffer[position + 1] & 0xFF) == 0xBB && (buffer[position + 2] & 0xFF) == 0xBF) {
            position += 3;
        }
    }

    /** The next byte that is not white space, not consumed; -1 at the end. */
    int skipWhiteSpace() throws IOException {
        while (true) {
            int c = peek();
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            position++;
        }
    }

    /** Consumes the next byte, which must be {@code expected} (after white space). */
    void expect(char expected) throws IOException {
        int c = skipWhiteSpace();
        if (c != expected) {
            throw unexpected(c, "'" + expected + "'");
        }
        position++;
    }

    /** Consumes the byte {@link #skipWhiteSpace} returned. */
    void consume() {
        position++;
    }

    /** Reads a field name (the scanner on its opening quote, after white space) and the colon after it. */
    Name name() throws IOException {
        if (skipWhiteSpace() != '"') {
            throw unexpected(peek(), "a field name");
        }
        position++;
        int kept = 0;
        boolean digits = true;
        boolean escaped = false;
        long length = 0;
        while (true) {
            int c = next();
            if (c < 0) {
                throw new Malformed("the answer ends inside a field name");
            }
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                if (kept < NAME_TEXT_BYTES) {
                    name[kept++] = (byte) c;
                }
                length++;
                c = next();
                if (c < 0) {
                    throw new Malformed("the answer ends inside a field name");
                }
            }
            digits &= c >= '0' && c <= '9' || c == '-' && length == 0;
            if (kept < NAME_TEXT_BYTES) {
                name[kept++] = (byte) c;
            }
            length++;
        }
        expect(':');
        if (length > NAME_TEXT_BYTES) {
            // no field the reader looks for is this long: only whether it is a key PHP writes matters
            return new Name(null, digits && !escaped);
        }
        String text = escaped ? unescape(kept) : new String(name, 0, kept, StandardCharsets.UTF_8);
        return new Name(text, isIndex(text));
    }

    private String unescape(int kept) throws IOException {
        byte[] quoted = new byte[kept + 2];
        quoted[0] = '"';
        System.arraycopy(name, 0, quoted, 1, kept);
        quoted[kept + 1] = '"';
        try {
            return Envelope.JSON.readValue(quoted, String.class);
        } catch (JacksonException e) {
            throw new Malformed("a field name is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** An integer as PHP writes an array's key: digits, perhaps negative, of any length. */
    static boolean isIndex(String name) {
        int start = name.startsWith("-") ? 1 : 0;
        if (name.length() == start) {
            return false;
        }
        for (int i = start; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Passes over one value, any value: the scanner on its first byte (after white space). */
    void skipValue() throws IOException {
        int c = skipWhiteSpace();
        if (c == '{' || c == '[') {
            position++;
            skipContainer(1);
        } else if (c == '"') {
            position++;
            skipString();
        } else {
            long start = offset();
            while (true) {
                c = peek();
                if (c < 0 || c == ',' || c == '}' || c == ']' || c == ':' || c == ' ' || c == '\n' || c == '\r'
                    || c == '\t' || c == '{' || c == '[' || c == '"') {
                    break;
                }
                position++;
            }
            if (offset() == start) {
                throw unexpected(c, "a value");
            }
        }
    }

    /** Passes over the rest of an object or array of which {@code depth} levels are open. */
    void skipContainer(long depth) throws IOException {
        if (depth <= 0) {
            return;
        }
        byte[] buf = buffer;
        while (true) {
            if (position >= limit && !fill(1)) {
                throw new Malformed("the answer ends inside an object or array");
            }
            int p = position;
            int end = limit;
            while (p < end) {
                byte c = buf[p++];
                if (c == '"') {
                    position = p;
                    skipString();
                    p = position;
                    end = limit;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        position = p;
                        return;
                    }
                }
                // any other byte belongs to a value the caller's parser checks, if it reads it
            }
            position = p;
        }
    }

    private void skipString() throws IOException {
        byte[] buf = buffer;
        while (true) {
            int p = position;
            int end = limit;
            while (p < end) {
                byte c = buf[p++];
                if (c == '"') {
                    position = p;
                    return;
                }
                if (c == '\\') {
                    if (p == end) {
                        position = p;
                        if (next() < 0) {
                            throw new Malformed("the answer ends inside a string");
                        }
                        p = position;
                        end = limit;
                    } else {
                        p++;
                    }
                }
            }
            position = p;
            if (!fill(1)) {
                throw new Malformed("the answer ends inside a string");
            }
        }
    }

    /** Keeps the bytes read from here on in {@code into} (reset first), until {@link #endCapture}. */
    void startCapture(ValueBytes into) {
        into.reset();
        capture = into;
        captureFrom = position;
    }

    ValueBytes endCapture() {
        ValueBytes done = capture;
        done.append(buffer, captureFrom, position - captureFrom);
        capture = null;
        return done;
    }

    /** Stops capturing and forgets what was captured. */
    void dropCapture() {
        capture = null;
    }

    /** Bytes consumed so far, for messages. */
    long offset() {
        return consumed + position;
    }

    private int peek() throws IOException {
        if (position >= limit && !fill(1)) {
            return -1;
        }
        return buffer[position] & 0xFF;
    }

    private int next() throws IOException {
        int c = peek();
        if (c >= 0) {
            position++;
        }
        return c;
    }

    /** Makes at least {@code wanted} bytes available from {@link #position}; false at the end of the answer. */
    private boolean fill(int wanted) throws IOException {
        if (limit - position >= wanted) {
            return true;
        }
        if (capture != null) {
            capture.append(buffer, captureFrom, position - captureFrom);
        }
        int left = limit - position;
        System.arraycopy(buffer, position, buffer, 0, left);
        consumed += position;
        position = 0;
        limit = left;
        captureFrom = 0;
        while (limit < wanted) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    private Malformed unexpected(int c, String wanted) {
        return new Malformed(c < 0 ? "the answer ends where " + wanted + " was expected"
                : "unexpected " + (c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c))
                  + " at byte " + offset() + " where " + wanted + " was expected");
    }
}

package io.github.camelicsoc.records;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The keys of a poll: each key's first content is kept, across the growth of the index, for every key. */
class PollKeysTest {

    private static String content(int i, int state) {
        return HexFormat.of().toHexDigits((long) i * 0x9E3779B97F4A7C15L + state)
               + HexFormat.of().toHexDigits(~(long) i ^ ((long) state << 40));
    }

    @Test
    void eachKeyKeepsTheContentItCameWithFirstAmongHundredsOfThousands() {
        PollKeys keys = new PollKeys();
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            assertEquals(PollKeys.Seen.NEW, keys.see("400:call-" + i, content(i, 0)));
        }
        for (int i = 0; i < n; i += 7) {
            assertEquals(PollKeys.Seen.SAME, keys.see("400:call-" + i, content(i, 0)));
            assertEquals(PollKeys.Seen.OTHER, keys.see("400:call-" + i, content(i, 1)));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(content(i, 0), keys.firstContent("400:call-" + i));
        }
        assertNull(keys.firstContent("400:call-" + n));
        // met again in the order first seen, some skipped (delivered before), some out of order: the same contents
        PollKeys.Cursor cursor = keys.cursor(1_000);
        for (int i = 1_000; i < n; i += 1 + i % 100) {
            assertEquals(content(i, 0), cursor.firstContent("400:call-" + i));
            if (i % 997 == 0) {
                assertEquals(content(i / 2, 0), cursor.firstContent("400:call-" + i / 2));
            }
        }
        assertNull(cursor.firstContent("400:call-" + n));
        assertEquals(PollKeys.Seen.NEW, keys.see("400:call-" + n, content(n, 0)));
    }
}

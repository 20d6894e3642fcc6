package io.github.camelicsoc.records;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.util.TimeUtils;

/**
 * The rereadSchedule option, read once where the options are checked: either {@value #EVERY_POLL} (each poll reads
 * the whole lookback again) or the ages, ascending, at which a record window is read again after its first read.
 * An age is how long ago the window's newest start was; the last read, when a window leaves the lookback, is not in
 * the list: it is always made (see {@link RecordWindows}).
 */
public final class RereadSchedule {

    /** Each poll reads the whole lookback again: the most requests and downloads, the earliest records. */
    public static final String EVERY_POLL = "everyPoll";

    /** The default: read again 3, 5, 7, 10 and 20 minutes after a start, and when it leaves the lookback. */
    public static final String DEFAULT = "3m,5m,7m,10m,20m";

    private final long[] ages;

    private RereadSchedule(long[] ages) {
        this.ages = ages;
    }

    /**
     * Reads {@value #EVERY_POLL} or a comma-separated list of ascending durations (5m, 90s, PT10M).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static RereadSchedule parse(String text) {
        String t = text == null ? "" : text.trim();
        if (EVERY_POLL.equals(t)) {
            return new RereadSchedule(null);
        }
        List<Long> ages = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            String p = part.trim();
            long age;
            try {
                Duration d = p.startsWith("P") || p.startsWith("p") ? Duration.parse(p) : TimeUtils.toDuration(p);
                age = p.isEmpty() || p.startsWith("-") ? -1 : d.toMillis();
            } catch (RuntimeException e) {
                age = -1;
            }
            if (age < 1000) {
                throw new IllegalArgumentException("'" + p + "' is not an age of at least one second");
            }
            if (!ages.isEmpty() && age <= ages.get(ages.size() - 1)) {
                throw new IllegalArgumentException("'" + p + "' is not longer than the age before it: the ages go up");
            }
            ages.add(age);
        }
        return new RereadSchedule(ages.stream().mapToLong(Long::longValue).toArray());
    }

    /** True for {@value #EVERY_POLL}. */
    boolean everyPoll() {
        return ages == null;
    }

    /** The ages in milliseconds, ascending; empty for {@value #EVERY_POLL}. */
    long[] ages() {
        return ages == null ? new long[0] : ages.clone();
    }
}

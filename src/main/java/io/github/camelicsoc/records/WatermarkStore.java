package io.github.camelicsoc.records;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

import io.github.camelicsoc.client.PlatformTime;
import org.apache.camel.spi.StateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the records consumer keeps its watermark: a {@link StateRepository} entry {@code icsoc:<vccCode>:<type>}
 * holding a platform time ({@code yyyy-MM-dd HH:mm:ss}, UTC+08:00).
 */
final class WatermarkStore {

    private static final Logger LOG = LoggerFactory.getLogger(WatermarkStore.class);

    /** How far ahead of now a stored watermark may be and still be trusted: clocks of nodes a minute apart. */
    static final Duration TRUSTED_AHEAD = Duration.ofMinutes(1);

    private final StateRepository<String, String> repository;
    private final String key;

    WatermarkStore(StateRepository<String, String> repository, String vccCode, String type) {
        this.repository = repository;
        this.key = "icsoc:" + vccCode + ":" + type;
    }

    /**
     * The stored watermark; null when none is stored, or when what is stored cannot be read or lies ahead of now by
     * more than {@link #TRUSTED_AHEAD} (each with a warning): the poll then starts from the start time.
     */
    LocalDateTime stored() {
        String stored = repository.getState(key);
        if (stored == null) {
            return null;
        }
        try {
            LocalDateTime watermark = PlatformTime.parseExact(stored);
            LocalDateTime now = PlatformTime.now(Clock.systemUTC());
            if (watermark.isAfter(now.plus(TRUSTED_AHEAD))) {
                // written by a node whose clock ran ahead: no poll can have delivered up to it, so it proves nothing;
                // trusted, it would skip every record until the clock caught up, with health UP and lag 0
                LOG.warn("The stored watermark {} '{}' is ahead of the platform's time now ({}) by more than {} s,"
                         + " as a node whose clock ran ahead would write it: polling from the start time instead, and"
                         + " the watermark is written again once a window is done. Check the clocks of the nodes",
                        key, stored, PlatformTime.format(now), TRUSTED_AHEAD.toSeconds());
                return null;
            }
            return watermark;
        } catch (DateTimeParseException e) {
            // e.g. cut short by a process killed while writing it; the idempotent repository drops what comes again
            LOG.warn("The stored watermark {} '{}' cannot be read: polling from the start time until a window is done",
                    key, stored);
            return null;
        }
    }

    void store(LocalDateTime watermark) {
        repository.setState(key, PlatformTime.format(watermark));
    }
}

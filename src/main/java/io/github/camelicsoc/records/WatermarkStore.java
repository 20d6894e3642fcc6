package io.github.camelicsoc.records;

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

    private final StateRepository<String, String> repository;
    private final String key;

    WatermarkStore(StateRepository<String, String> repository, String vccCode, String type) {
        this.repository = repository;
        this.key = key(vccCode, type);
    }

    /** The state key of the watermark of a vccCode's records of a type. */
    static String key(String vccCode, String type) {
        return "icsoc:" + vccCode + ":" + type;
    }

    /** The stored watermark; null when none is stored, or when what is stored cannot be read (with a warning). */
    LocalDateTime stored() {
        String stored = repository.getState(key);
        if (stored == null) {
            return null;
        }
        try {
            return PlatformTime.parseExact(stored);
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

package io.github.camelicsoc.sim;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The simulated platform's time: its wall clock (UTC+08:00), how it writes times, and the clock "now" is read from.
 * One clock for every concern, so that a test that sets it moves authentication, call start times and which calls
 * have ended together.
 */
final class PlatformTime {

    static final ZoneOffset ZONE = ZoneOffset.ofHours(8);
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** The answer time the platform writes for a call that was never answered. */
    static final String NEVER_ANSWERED = "1970-01-01 08:00:00";

    private volatile Clock clock = Clock.systemUTC();
    // the clock the X-WSSE created time is checked against when it is not the platform's; null when it is
    private volatile Clock signing;

    void use(Clock clock) {
        this.clock = clock;
    }

    void signedOn(Clock clock) {
        this.signing = clock;
    }

    /** The current time on the platform's wall clock. */
    LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(ZONE));
    }

    /** The current time in seconds since the epoch, as the X-WSSE header's Created field counts it. */
    long epochSecond() {
        Clock signingClock = signing;
        return (signingClock != null ? signingClock : clock).millis() / 1000;
    }
}

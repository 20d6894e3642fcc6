package io.github.camelicsoc.support;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelicsoc.jdbc.JdbcStateRepository;

/**
 * Run in its own JVM by the kill test: writes watermarks to a {@link JdbcStateRepository} as fast as it can and
 * prints the number of each write once {@code setState} has returned, until it is killed. Each value says what it must
 * look like ({@link #isWhole}), so a value cut short or mixed from two writes shows.
 * <p>
 * Arguments: JDBC URL, user, password.
 */
public final class WatermarkWriter {

    public static final String KEY = "icsoc:7000001:400";
    /** Printed once the repository has started. */
    public static final String STARTED = "writer started";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime BASE = LocalDateTime.of(2026, 11, 28, 0, 0);
    private static final Pattern VALUE = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) #(\\d+) (x*)\\.");

    private WatermarkWriter() {
    }

    /** The n-th value: a watermark n seconds after a base time, n, and padding whose length varies with n. */
    public static String value(long n) {
        return TIME.format(BASE.plusSeconds(n)) + " #" + n + " " + "x".repeat((int) (n % 900)) + ".";
    }

    /** The number of a stored value, or -1 when it is not exactly one of the values written. */
    public static long numberOf(String stored) {
        Matcher m = stored == null ? null : VALUE.matcher(stored);
        if (m == null || !m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(2));
        return value(n).equals(stored) ? n : -1;
    }

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args.length > 2 ? args[2] : "");
        config.setMaximumPoolSize(2);
        HikariDataSource dataSource = new HikariDataSource(config);
        JdbcStateRepository watermarks = new JdbcStateRepository(dataSource);
        watermarks.start();
        String stored = watermarks.getState(KEY);
        long n = stored == null ? 0 : numberOf(stored);
        System.out.println(STARTED + " at " + n);
        System.out.flush();
        while (true) {
            n++;
            watermarks.setState(KEY, value(n));
            System.out.println("wrote " + n);
        }
    }
}

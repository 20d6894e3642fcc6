package io.github.camelicsoc.support;

/**
 * How much bigger the reliability suite runs: 1 in the normal build, more under the soak profile (see the README),
 * which sets the system property {@code icsoc.soak.scale}. Record counts, restarts, kills, calls, bad inputs and the
 * bounds of the waits are all multiplied by it.
 */
public final class Soak {

    public static final int SCALE = Math.max(1, Integer.getInteger("icsoc.soak.scale", 1));

    private Soak() {
    }

    /** {@code n} times the scale. */
    public static int scaled(int n) {
        return n * SCALE;
    }
}

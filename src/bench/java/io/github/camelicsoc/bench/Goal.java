package io.github.camelicsoc.bench;

/**
 * One goal of the issue and whether this run met it; {@code why}, where the section can say it, is why a missed goal
 * is missed, from what the same run measured (null when the section has nothing to add).
 */
record Goal(String goal, String measured, boolean met, String why) {

    Goal(String goal, String measured, boolean met) {
        this(goal, measured, met, null);
    }

    String verdict() {
        return met ? "met" : "**MISSED**";
    }
}

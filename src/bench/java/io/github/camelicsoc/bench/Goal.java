package io.github.camelicsoc.bench;

/** One goal of the issue and whether this run met it. */
record Goal(String goal, String measured, boolean met) {

    String verdict() {
        return met ? "met" : "**MISSED**";
    }
}

package io.github.camelicsoc.model;

/**
 * What the platform answered to a call placement that it accepted.
 *
 * @param message the platform's message (usually {@code ok})
 * @param callId  the id the platform gave the call; it links the call to its call record
 */
public record CallResult(String message, String callId) {
}

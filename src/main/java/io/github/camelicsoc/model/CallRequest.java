package io.github.camelicsoc.model;

/**
 * A two-way call to place: the platform rings {@code caller} first, then bridges {@code called}.
 * <p>
 * Every field is optional here: a field left {@code null} falls back to the message header or the endpoint option of
 * the same name (see the README for the precedence).
 *
 * @param mode          classic or AXB privacy-number mode
 * @param caller        the number rung first (usually the agent)
 * @param called        the number bridged second (the customer; the B number in AXB mode)
 * @param timeout       seconds the platform lets each leg ring; the platform's default (50) applies when null
 * @param displayCaller the number shown to the caller: one of your own 400 numbers
 * @param displayCalled the number shown to the called party: your 400 number, or the X number in AXB mode
 */
public record CallRequest(
        CallMode mode, String caller, String called, Integer timeout, String displayCaller, String displayCalled) {
}

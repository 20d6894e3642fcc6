package io.github.camelicsoc.sim;

import java.util.Map;

/**
 * A call placement request as the simulator received it.
 *
 * @param axb      true when it came to the AXB path
 * @param form     the form fields exactly as sent
 * @param code     the result code the simulator answered, or 0 when it answered with a fault
 * @param callId   the call id it gave, when it accepted the call
 */
public record ReceivedCall(boolean axb, Map<String, String> form, int code, String callId) {

    public String caller() {
        return form.get("caller");
    }

    public String called() {
        return form.get("called");
    }
}

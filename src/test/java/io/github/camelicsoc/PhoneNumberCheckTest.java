package io.github.camelicsoc;

import io.github.camelicsoc.model.IcsocException;
import io.github.camelicsoc.support.SimulatorTestSupport;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Local checks refuse only what cannot be a phone number, and never anything the platform might accept.
 */
class PhoneNumberCheckTest extends SimulatorTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {
            "10086", "95555", "110", "010-12345678", "0755 8888 6666", "4001234567", "800-820-8820", "13800138000",
            "+86 138 0013 8000", "008613800138000", "12345678901234567890" })
    void numbersThePlatformMightAcceptAreSent(String number) {
        Exchange done = template.send("icsoc:call?caller=13800138000", e -> e.getIn()
                .setHeader(IcsocConstants.CALLED, number));

        assertNull(done.getException());
        assertEquals(1, sim.requestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1380013800O", "abc", "138\r\n0013", "138\n", "138\u0000", "\t13800138000", " - - ", "+86", "0086",
            "123456789012345678901", "１３８ｘ" })
    void numbersThatCannotBePhoneNumbersAreRefusedWithoutSending(String number) {
        Exchange done = template.send("icsoc:call?caller=13800138000", e -> e.getIn()
                .setHeader(IcsocConstants.CALLED, number));

        IcsocException e = failureOf(done);
        assertEquals(407, e.getCode());
        assertEquals(IcsocException.Kind.REFUSED_LOCALLY, e.getKind());
        assertEquals(0, sim.requestCount());
    }
}

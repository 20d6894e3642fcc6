package io.github.camelicsoc.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's main job runs the example route file as written, so the example cannot rot unnoticed.
 */
class CallDemoTest {

    @Test
    void theDemoPlacesAndRefusesEveryCallAsExpected() throws Exception {
        assertEquals(0, CallDemo.run());
    }
}

package dev.acs.examples.guide;

import org.junit.jupiter.api.Test;

class ScratchRunTest {
    @Test
    void run() throws Exception {
        for (String n : System.getProperty("ex").split(",")) {
            Class.forName("dev.acs.examples.guide." + n).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
    }
}

package dev.acs.examples.cli;

import dev.acs.core.event.Event;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    private static Event event(String type, String message) {
        return new Event(Instant.EPOCH, "application", "a1", type, message, Map.of());
    }

    @Test
    void onATerminalEachEventRewritesOneLineCutToTheWidthAndDoneClearsIt() {
        StringWriter text = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(text), true, 40);
        line.show(event("CONTAINER_CREATED", "created shop_web_1"));
        line.show(event("SERVICE_READY", "service web is ready and this message is far too long\nfor one line"));
        line.done();
        String out = text.toString();
        assertThat(out).doesNotContain("\n");
        assertThat(out.split("\r")).hasSize(4); // "", two events, the clearing
        assertThat(out.split("\r")[2]).startsWith("  SERVICE_READY").endsWith("…\033[K").hasSize(40 - 1 + 3);
        assertThat(out).endsWith("\r\033[K");
    }

    @Test
    void elsewhereEachEventIsALineAndDoneWritesNothing() {
        StringWriter text = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(text), false, 40);
        line.show(event("CONTAINER_CREATED", "created shop_web_1"));
        line.show(event("SERVICE_READY", "service web is ready"));
        line.done();
        assertThat(text.toString().lines()).containsExactly(
                "  CONTAINER_CREATED    created shop_web_1", "  SERVICE_READY        service web is ready");
    }
}

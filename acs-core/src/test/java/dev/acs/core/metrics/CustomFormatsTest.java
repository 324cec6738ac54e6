package dev.acs.core.metrics;

import dev.acs.core.error.AcsException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two custom monitoring forms: InfluxDB line protocol and Telegraf's httpjson reading of a JSON object. */
class CustomFormatsTest {

    @Test
    void readsTheProductsLineProtocolExampleAndEveryValueKind() {
        List<CustomFormats.Point> points = CustomFormats.lineProtocol("""
                # a comment, then the product's example
                weather,location=us-midwest temperature=82 1465839830100400200

                mem,host=a\\ b,zone=x\\,y used=12i,free=3u,ratio=0.25,ok=true,down=F,note="a \\"quoted\\", string"
                disk\\ io reads=1e3\r
                """);
        assertThat(points).hasSize(3);
        CustomFormats.Point weather = points.get(0);
        assertThat(weather.measurement()).isEqualTo("weather");
        assertThat(weather.tags()).isEqualTo(Map.of("location", "us-midwest"));
        assertThat(weather.fields()).isEqualTo(Map.of("temperature", 82.0));
        assertThat(weather.time()).isEqualTo(Instant.ofEpochSecond(1465839830L, 100400200L));
        CustomFormats.Point mem = points.get(1);
        assertThat(mem.tags()).isEqualTo(Map.of("host", "a b", "zone", "x,y"));
        assertThat(mem.fields()).as("string fields are not numbers: not kept")
                .isEqualTo(Map.of("used", 12.0, "free", 3.0, "ratio", 0.25, "ok", 1.0, "down", 0.0));
        assertThat(mem.time()).isNull();
        assertThat(points.get(2).measurement()).isEqualTo("disk io");
        assertThat(points.get(2).fields()).isEqualTo(Map.of("reads", 1000.0));
    }

    @Test
    void badLinesAreLocated() {
        assertFault("cpu\n", 1, 4, "expected a space before the fields");
        assertFault("ok v=1\ncpu,host load=1", 2, 9, "expected '=' after tag key 'host'");
        assertFault("cpu load=abc", 1, 10, "the value 'abc' of field 'load' is not a number");
        assertFault("cpu load=NaN", 1, 10, "is not a number");
        assertFault("cpu load=1 yesterday", 1, 12, "the timestamp 'yesterday' is not an integer");
        assertFault("cpu note=\"open", 1, 10, "is not closed");
        assertFault(",host=a load=1", 1, 1, "missing the measurement");
        assertFault("cpu =1", 1, 5, "missing a field key");
    }

    private static void assertFault(String text, int line, int column, String message) {
        assertThatThrownBy(() -> CustomFormats.lineProtocol(text)).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.getMessage()).contains("line " + line + ", column " + column + ": ").contains(message);
            assertThat(e.details()).containsEntry("line", Integer.toString(line))
                    .containsEntry("column", Integer.toString(column));
        });
    }

    @Test
    void readsTheProductsJsonExampleWithItsTags() {
        CustomFormats.Point p = CustomFormats.httpJson("httpjson_nodejsapp_nodejsapp_1", """
                {"tag1": "tag1value", "tag2": "tag2value", "field1": 1, "field2": 2, "field3": true,
                 "field4": 1.5, "other": "dropped", "nested": {"a": 3, "list": [4, 5]}, "none": null}
                """, Set.of("tag1", "tag2"));
        assertThat(p.measurement()).isEqualTo("httpjson_nodejsapp_nodejsapp_1");
        assertThat(p.tags()).isEqualTo(Map.of("tag1", "tag1value", "tag2", "tag2value"));
        assertThat(p.fields()).isEqualTo(Map.of("field1", 1.0, "field2", 2.0, "field3", 1.0, "field4", 1.5,
                "nested_a", 3.0, "nested_list_0", 4.0, "nested_list_1", 5.0));
    }

    @Test
    void badJsonIsLocated() {
        assertThatThrownBy(() -> CustomFormats.httpJson("t", "{\n  \"a\": 1,\n  \"b\": }", Set.of()))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.getMessage()).contains("line 3, column 8");
                    assertThat(e.details()).containsEntry("line", "3").containsEntry("column", "8");
                });
        assertThatThrownBy(() -> CustomFormats.httpJson("t", "[1, 2]", Set.of()))
                .hasMessageContaining("line 1, column 1: the answer must be a JSON object");
    }
}

package dev.acs.core.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in sink stores each line of a batch once, also when a new sink instance gets a batch again. */
class JsonLinesLogSinkTest {
    @TempDir
    Path dir;

    private static LogBatch batch(String source, long first, String... texts) {
        List<LogLine> lines = new ArrayList<>();
        for (String t : texts) {
            lines.add(new LogLine("shop_web_1", "n1", Instant.parse("2016-05-05T00:00:01Z"), t));
        }
        return new LogBatch("acslog-shop-web", source, first, lines, true);
    }

    private List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.replaceAll(".*\"seq\":(\\d+),.*\"text\":\"(.*)\"}$",
                "$1 $2")).toList();
    }

    @Test
    void aBatchHandedAgainIsSkippedEvenByANewSink() throws IOException {
        JsonLinesLogSink sink = JsonLinesLogSink.in(dir);
        sink.write(batch("k1/web", 1, "a", "b", "c"));
        sink.write(batch("k2/web", 1, "x"));
        sink.write(batch("k1/web", 1, "a", "b", "c")); // the same batch again
        JsonLinesLogSink restarted = JsonLinesLogSink.in(dir);
        restarted.write(batch("k1/web", 3, "c", "d")); // overlapping after a crash
        restarted.write(batch("k2/web", 2, "y"));
        assertThat(lines(sink.file("acslog-shop-web"))).containsExactly("1 a", "2 b", "3 c", "1 x", "4 d", "2 y");
        assertThat(Files.readAllLines(sink.file("acslog-shop-web")).get(0))
                .startsWith("{\"source\":\"k1/web\",\"seq\":1,\"time\":\"2016-05-05T00:00:01Z\",");
    }

    @Test
    void theLatestRotatedFileStillCounts() throws IOException {
        JsonLinesLogSink sink = new JsonLinesLogSink(dir, 1024, 2);
        String long100 = "z".repeat(100);
        sink.write(batch("k1/web", 1, IntStream.range(0, 12).mapToObj(i -> long100).toArray(String[]::new)));
        sink.write(batch("k1/web", 13, "after")); // rotates first
        assertThat(Files.exists(Path.of(sink.file("acslog-shop-web") + ".1"))).isTrue();
        JsonLinesLogSink restarted = new JsonLinesLogSink(dir, 1024, 2);
        restarted.write(batch("k1/web", 12, long100, "after", "next"));
        assertThat(lines(sink.file("acslog-shop-web"))).containsExactly("13 after", "14 next");
    }
}

package dev.acs.cloud.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects log lines with Docker's timestamps, dropping those written before {@code since} (Docker's own filter
 * has whole seconds).
 */
final class LogLines extends ResultCallback.Adapter<Frame> {
    private final Instant since;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    LogLines(Instant since) {
        this.since = since;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            add(partial.substring(0, nl));
            partial.delete(0, nl + 1);
        }
    }

    private void add(String stamped) {
        int space = stamped.indexOf(' ');
        String text = stamped;
        if (space > 0) {
            try {
                Instant at = Instant.parse(stamped.substring(0, space));
                if (since != null && at.isBefore(since)) {
                    return;
                }
            } catch (DateTimeParseException notStamped) {
                // a line without Docker's timestamp: keep it whole
            }
        }
        lines.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    synchronized List<String> lines(int tail) {
        if (partial.length() > 0) {
            add(partial.toString());
            partial.setLength(0);
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - tail), lines.size()));
    }
}

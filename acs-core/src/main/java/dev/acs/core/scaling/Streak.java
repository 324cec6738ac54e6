package dev.acs.core.scaling;

import dev.acs.core.metrics.Usage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many consecutive closed periods a service or cluster has been above its upper bounds ({@link #out}) or below
 * its lower bounds ({@link #in}), and the last period counted. Stored as text so a restarted control plane carries on
 * with the count (a restart in the middle of a decision neither loses nor repeats a period).
 */
final class Streak {
    /** Periods beyond a bound before the scaler acts (the product's anti-flapping rule). */
    static final int PERIODS = 3;

    long lastPeriod = Long.MIN_VALUE;
    int out;
    int in;

    /** Whether {@code u} is a period not counted yet. */
    boolean isNew(Usage u) {
        return u.start().toEpochMilli() > lastPeriod;
    }

    /**
     * Counts one new period.
     *
     * @param above whether the period was above the upper bound (of any metric)
     * @param below whether it was below the lower bound (of every metric)
     */
    void count(Usage u, boolean above, boolean below, Duration period) {
        boolean contiguous = lastPeriod == u.start().toEpochMilli() - period.toMillis();
        out = above ? (contiguous ? out + 1 : 1) : 0;
        in = below ? (contiguous ? in + 1 : 1) : 0;
        lastPeriod = u.start().toEpochMilli();
    }

    /** Starts counting again from the period {@code u} (after an action, or while the target is busy). */
    void reset(Usage u) {
        out = 0;
        in = 0;
        lastPeriod = u.start().toEpochMilli();
    }

    String encode() {
        return "period=" + lastPeriod + ";out=" + out + ";in=" + in;
    }

    static Streak decode(String text) {
        Map<String, String> f = fields(text);
        Streak s = new Streak();
        s.lastPeriod = Long.parseLong(f.getOrDefault("period", String.valueOf(Long.MIN_VALUE)));
        s.out = Integer.parseInt(f.getOrDefault("out", "0"));
        s.in = Integer.parseInt(f.getOrDefault("in", "0"));
        return s;
    }

    static Map<String, String> fields(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return f;
    }
}

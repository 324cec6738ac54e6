package dev.acs.core.scaling;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

/**
 * The thresholds of one metric (CPU or memory), in percent: above {@code upper} for three consecutive periods scales
 * out, below {@code lower} scales in. The product's rules: the upper bound (扩容条件) is 50–100, the lower bound
 * (缩容条件) 0–50, and when both are set upper − lower is at least 30. Either may be absent ({@code null}): then that
 * direction never fires on this metric.
 *
 * @param upper percentage that scales out, or {@code null}
 * @param lower percentage that scales in, or {@code null}
 */
public record ScalingBounds(Integer upper, Integer lower) {
    /** Smallest upper bound. */
    public static final int MIN_UPPER = 50;
    /** Smallest gap between the bounds. */
    public static final int MIN_GAP = 30;

    /**
     * Checks the product's ranges.
     *
     * @throws AcsException {@code INVALID_SCALING_POLICY} naming the rule broken
     */
    public ScalingBounds {
        if (upper == null && lower == null) {
            throw invalid("a scaling rule needs an upper bound (50-100%), a lower bound (0-50%) or both");
        }
        if (upper != null && (upper < MIN_UPPER || upper > 100)) {
            throw invalid("the scale-out bound must be 50-100%, got " + upper + "%");
        }
        if (lower != null && (lower < 0 || lower > 50)) {
            throw invalid("the scale-in bound must be 0-50%, got " + lower + "%");
        }
        if (upper != null && lower != null && upper - lower < MIN_GAP) {
            throw invalid("the scale-out bound must be at least 30 points above the scale-in bound (got " + upper
                    + "% and " + lower + "%), or scaling flaps");
        }
    }

    /** Whether {@code percent} is above the upper bound. */
    public boolean above(double percent) {
        return upper != null && percent > upper;
    }

    /** Whether {@code percent} is below the lower bound. */
    public boolean below(double percent) {
        return lower != null && percent < lower;
    }

    static AcsException invalid(String message) {
        return new AcsException(ErrorCode.INVALID_SCALING_POLICY, message);
    }

    @Override
    public String toString() {
        return (upper == null ? "-" : upper + "%") + "/" + (lower == null ? "-" : lower + "%");
    }
}

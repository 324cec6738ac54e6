package dev.acs.compose.internal;

/**
 * Checks 6-field cron expressions of {@code aliyun.schedule}: second minute hour day month weekday, with {@code *},
 * lists {@code ,}, ranges {@code -} and steps {@code /} ({@code spec/compose-dialect.md} §8.4).
 */
public final class Cron {
    private static final int[][] RANGES = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
    private static final String[] NAMES = {"second", "minute", "hour", "day", "month", "weekday"};

    private Cron() {
    }

    /** The problem with the expression, or {@code null} when it is valid. */
    public static String problem(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 6) {
            return "'" + expression + "' has " + fields.length + " fields; write 6: second minute hour day month weekday";
        }
        for (int i = 0; i < 6; i++) {
            for (String part : fields[i].split(",", -1)) {
                String p = checkPart(part, RANGES[i][0], RANGES[i][1]);
                if (p != null) {
                    return NAMES[i] + " field '" + fields[i] + "': " + p;
                }
            }
        }
        return null;
    }

    /** Whether a valid expression fires more than once a minute (its second field matches several values). */
    public static boolean moreThanOncePerMinute(String expression) {
        String seconds = expression.trim().split("\\s+")[0];
        return seconds.contains("*") || seconds.contains(",") || seconds.contains("-") || seconds.contains("/");
    }

    private static String checkPart(String part, int min, int max) {
        String range = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            String step = part.substring(slash + 1);
            if (!step.matches("[0-9]{1,2}") || Integer.parseInt(step) == 0) {
                return "step '" + step + "' must be a positive number";
            }
            range = part.substring(0, slash);
        }
        if (range.equals("*")) {
            return null;
        }
        String[] ends = range.split("-", -1);
        if (ends.length > 2) {
            return "'" + part + "' is not a value, range or step";
        }
        for (String e : ends) {
            if (!e.matches("[0-9]{1,2}")) {
                return "'" + e + "' is not a number";
            }
            int v = Integer.parseInt(e);
            if (v < min || v > max) {
                return v + " is outside " + min + "-" + max;
            }
        }
        if (ends.length == 2 && Integer.parseInt(ends[0]) > Integer.parseInt(ends[1])) {
            return "range '" + range + "' runs backwards";
        }
        return null;
    }
}

package dev.acs.compose.internal;

import dev.acs.core.model.CronSchedule;

/**
 * Checks 6-field cron expressions of {@code aliyun.schedule}: second minute hour day month weekday, with {@code *},
 * lists {@code ,}, ranges {@code -} and steps {@code /} ({@code spec/compose-dialect.md} §8.4), with the parser the
 * engine runs schedules with ({@link CronSchedule}), so a schedule that validates is one that runs.
 */
public final class Cron {

    private Cron() {
    }

    /** The problem with the expression, or {@code null} when it is valid. */
    public static String problem(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 6) {
            return "'" + expression + "' has " + fields.length + " fields; write 6: second minute hour day month weekday";
        }
        return CronSchedule.problem(expression).map(p -> "'" + expression + "': " + p).orElse(null);
    }

    /** Whether a valid expression fires more than once a minute (its second field matches several values). */
    public static boolean moreThanOncePerMinute(String expression) {
        String seconds = expression.trim().split("\\s+")[0];
        return seconds.contains("*") || seconds.contains(",") || seconds.contains("-") || seconds.contains("/");
    }
}

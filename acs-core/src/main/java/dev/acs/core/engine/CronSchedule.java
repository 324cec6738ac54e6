package dev.acs.core.engine;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * A scheduled job's {@code aliyun.schedule}: crontab with seconds first ({@code second minute hour day month
 * weekday}, weekday 0-7 with 0 and 7 Sunday), read in a time zone. Backed by cron-utils, whose types stay here.
 */
final class CronSchedule {
    private static final CronDefinition SIX_FIELDS = CronDefinitionBuilder.defineCron()
            .withSeconds().and()
            .withMinutes().and()
            .withHours().and()
            .withDayOfMonth().and()
            .withMonth().and()
            .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).and()
            .matchDayOfWeekAndDayOfMonth()
            .instance();
    private static final CronParser PARSER = new CronParser(SIX_FIELDS);

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * Parses a 6-field expression.
     *
     * @throws AcsException {@code INVALID_CRON} naming the expression and what is wrong
     */
    static CronSchedule parse(String expression, ZoneId zone) {
        try {
            Cron cron = PARSER.parse(expression.trim()).validate();
            return new CronSchedule(expression, zone, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new AcsException(ErrorCode.INVALID_CRON, "schedule '" + expression + "' is not a 6-field cron "
                    + "(second minute hour day month weekday): " + e.getMessage(), Map.of("schedule", expression), null);
        }
    }

    /** The first fire time strictly after {@code after}, if the expression ever fires again. */
    Optional<Instant> nextAfter(Instant after) {
        return times.nextExecution(after.atZone(zone)).map(t -> t.toInstant());
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}

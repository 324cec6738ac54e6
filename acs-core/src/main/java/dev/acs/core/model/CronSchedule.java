package dev.acs.core.model;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scheduled job's {@code aliyun.schedule} ({@code spec/compose-dialect.md} §8.4): crontab with seconds first
 * ({@code second minute hour day month weekday}; {@code *}, lists, ranges and steps; weekday 0-7 with 0 and 7 Sunday;
 * a day and a weekday both given match either, as crontab does), read in a time zone. The template validator and
 * the engine use this one parser, so a schedule a template accepts is one the engine runs.
 */
public final class CronSchedule {
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
    public static CronSchedule parse(String expression, ZoneId zone) {
        try {
            Cron cron = PARSER.parse(expression.trim()).validate();
            return new CronSchedule(expression, zone, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new AcsException(ErrorCode.INVALID_CRON, "schedule '" + expression + "' is not a 6-field cron "
                    + "(second minute hour day month weekday): " + e.getMessage(), Map.of("schedule", expression), null);
        }
    }

    /** What is wrong with an expression, or empty when it is a valid 6-field cron. */
    public static Optional<String> problem(String expression) {
        try {
            PARSER.parse(expression.trim()).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The first fire time strictly after {@code after}, if the expression ever fires again. */
    public Optional<Instant> nextAfter(Instant after) {
        return times.nextExecution(after.atZone(zone)).map(t -> t.toInstant());
    }

    /** The next {@code count} fire times after {@code after} (fewer when the expression stops firing). */
    public List<Instant> next(Instant after, int count) {
        List<Instant> out = new ArrayList<>();
        Optional<Instant> t = nextAfter(after);
        while (t.isPresent() && out.size() < count) {
            out.add(t.get());
            t = nextAfter(t.get());
        }
        return out;
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** The time zone it is read in. */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}

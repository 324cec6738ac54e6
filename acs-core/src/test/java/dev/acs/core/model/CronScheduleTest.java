package dev.acs.core.model;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 6-field cron with seconds ({@code spec/compose-dialect.md} §8.4), read in a time zone. */
class CronScheduleTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final Instant T = Instant.parse("2026-01-01T00:00:10Z");

    @Test
    void theProductsExampleFiresEvery30Seconds() {
        CronSchedule every30 = CronSchedule.parse("0-59/30 * * * * *", BEIJING);
        assertThat(every30.next(T, 3)).containsExactly(Instant.parse("2026-01-01T00:00:30Z"),
                Instant.parse("2026-01-01T00:01:00Z"), Instant.parse("2026-01-01T00:01:30Z"));
    }

    @Test
    void fieldsAreReadInTheTimeZoneWithSundayAs0Or7() {
        Instant at2 = CronSchedule.parse("0 0 2 * * *", BEIJING).nextAfter(T).orElseThrow();
        assertThat(at2.atZone(BEIJING).getHour()).isEqualTo(2);
        assertThat(at2).isEqualTo(Instant.parse("2026-01-01T18:00:00Z"));
        for (String sunday : new String[] {"0 0 12 * * 0", "0 0 12 * * 7"}) {
            ZonedDateTime fire = CronSchedule.parse(sunday, BEIJING).nextAfter(T).orElseThrow().atZone(BEIJING);
            assertThat(fire.getDayOfWeek()).as(sunday).isEqualTo(java.time.DayOfWeek.SUNDAY);
        }
    }

    @Test
    void badExpressionsAreRefusedSayingWhy() {
        assertThat(CronSchedule.problem("0 * * * *")).isPresent();
        assertThat(CronSchedule.problem("61 * * * * *")).isPresent();
        assertThat(CronSchedule.problem("0 0 25 * * *")).isPresent();
        assertThat(CronSchedule.problem("0 0 0 * 13 *")).isPresent();
        assertThat(CronSchedule.problem("0 0 0 * * 8")).isPresent();
        assertThat(CronSchedule.problem("*/15 0-30 1,2 * * 1-5")).isEmpty();
        assertThatThrownBy(() -> CronSchedule.parse("x * * * * *", BEIJING)).isInstanceOfSatisfying(AcsException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CRON);
                    assertThat(e.getMessage()).contains("'x * * * * *'").contains("6-field");
                });
    }
}

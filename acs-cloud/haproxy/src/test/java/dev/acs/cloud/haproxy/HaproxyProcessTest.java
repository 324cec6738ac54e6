package dev.acs.cloud.haproxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HaproxyProcessTest {
    /** The master CLI's {@code show proc} answer of HAProxy 2.6 while a worker of the previous configuration runs. */
    private static final String WITH_OLD_WORKER = """
            #<PID>          <type>          <reloads>       <uptime>        <version>
            19931           master          1 [failed: 0]   0d00h00m01s     2.6.12-1+deb12u3
            # workers
            19980           worker          0               0d00h00m00s     2.6.12-1+deb12u3
            # old workers
            19934           worker          1               0d00h00m01s     2.6.12-1+deb12u3
            # programs

            """;

    @Test
    void countsTheWorkersListedUnderOldWorkersOnly() {
        assertThat(HaproxyProcess.countOldWorkers(WITH_OLD_WORKER)).isEqualTo(1);
        assertThat(HaproxyProcess.countOldWorkers(WITH_OLD_WORKER.replace("# old workers\n", "")
                .replace("19934           worker          1               0d00h00m01s     2.6.12-1+deb12u3\n", "")))
                .isZero();
    }
}

package dev.acs.testing.tck;

import dev.acs.core.spi.Scheduler;
import dev.acs.scheduler.HostFilter;
import dev.acs.scheduler.HostScorer;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.Nested;

/** {@link SwarmScheduler} passes the Scheduler contract, as built by default and with host filters and scorers. */
class SwarmSchedulerContractTest extends SchedulerContract {
    @Override
    protected Scheduler scheduler() {
        return new SwarmScheduler();
    }

    /** With a host filter that accepts everything and a scorer, the contract still holds. */
    @Nested
    class WithHostRules extends SchedulerContract {
        @Override
        protected Scheduler scheduler() {
            return SwarmScheduler.builder()
                    .filter(HostFilter.of("accept-all", (task, node) -> HostFilter.Result.ACCEPT))
                    .scorer(HostScorer.of("fewest-containers", (task, node) -> 1.0 / (1 + node.containers())))
                    .build();
        }
    }
}

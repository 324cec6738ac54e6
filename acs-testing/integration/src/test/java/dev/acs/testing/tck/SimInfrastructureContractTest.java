package dev.acs.testing.tck;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;

import java.time.Duration;

/** The simulated cloud passes the same InfrastructureProvider contract as the ECS provider. */
class SimInfrastructureContractTest extends InfrastructureProviderContract {
    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f")
            .build();

    @Override
    protected InfrastructureProvider provider() {
        return cloud.infrastructure();
    }

    @Override
    protected Zone zone() {
        return new Zone("cn-hangzhou", "cn-hangzhou-e");
    }

    @Override
    protected String instanceType() {
        return "ecs.n4.large";
    }

    @Override
    protected void letTimePass(Duration span) {
        clock.advance(span);
    }
}

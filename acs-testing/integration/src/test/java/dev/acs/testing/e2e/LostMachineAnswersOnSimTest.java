package dev.acs.testing.e2e;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.cloud.sim.SimOperation;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.MachineState;

/** {@link LostMachineAnswersContract} on the simulated cloud, whose fault injection acts and then loses answers. */
class LostMachineAnswersOnSimTest extends LostMachineAnswersContract {
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();

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
    protected void loseCreateAnswers(int calls) {
        cloud.failApiAfterEffect(SimOperation.CREATE_MACHINES, ErrorCode.TIMEOUT, calls);
    }

    @Override
    protected void failListing(int calls) {
        cloud.failApi(SimOperation.LIST_MACHINES, ErrorCode.PROVIDER_UNAVAILABLE, calls);
    }

    @Override
    protected int liveMachines() {
        return (int) cloud.machines().stream()
                .filter(m -> m.state() != MachineState.RELEASED && m.state() != MachineState.STOPPING).count();
    }
}

package dev.acs.core.spi;

import dev.acs.core.model.Zone;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Creates, describes and releases machines (nodes). Implementations: the simulated cloud, Alibaba Cloud ECS.
 *
 * <p><b>Asynchrony.</b> {@link #createMachines} returns once the provider accepted the request; machines then move
 * through {@link MachineState#PENDING} and {@link MachineState#STARTING} to {@link MachineState#RUNNING} on their
 * own, and the caller polls {@link #describeMachines}.
 *
 * <p><b>Timeouts.</b> Every call takes a timeout and fails with {@code TIMEOUT} when it cannot answer in time;
 * retries inside a call (throttling, 5xx) count against that timeout.
 *
 * <p><b>Idempotency.</b> {@link #createMachines} with a client token already used returns the machines of the first
 * call and creates nothing. {@link #releaseMachines} of machines already released succeeds.
 *
 * <p><b>Errors.</b> {@code QUOTA_EXCEEDED}, {@code RESOURCE_OUT_OF_STOCK}, {@code INVALID_ARGUMENT},
 * {@code UNAUTHORIZED}, {@code PROVIDER_UNAVAILABLE} (may pass; the call can be repeated), {@code TIMEOUT}; each an
 * {@link dev.acs.core.error.AcsException} with the provider's request id in its details where there is one.
 *
 * <p><b>Threading.</b> Implementations must be safe for concurrent calls.
 */
public interface InfrastructureProvider {

    /** The zones of a region that this provider can create machines in. */
    List<Zone> zones(String regionId, Duration timeout);

    /** The instance types offered in a zone, with their capacities. */
    List<InstanceType> instanceTypes(Zone zone, Duration timeout);

    /** Asks for new machines; see the class comment for asynchrony and idempotency. */
    List<Machine> createMachines(MachineRequest request, Duration timeout);

    /** Describes machines by id; ids the provider does not know come back in state {@link MachineState#RELEASED}. */
    List<Machine> describeMachines(Collection<String> machineIds, Duration timeout);

    /** Releases machines, stopping them first if needed; idempotent. */
    void releaseMachines(Collection<String> machineIds, Duration timeout);

    /**
     * Every machine of the account in a region that is not released, whoever created it, in a stable order: the
     * candidates for adding existing machines to a cluster (添加已有节点). The control plane filters them further
     * (network type, machines already in a cluster).
     */
    List<Machine> listMachines(String regionId, Duration timeout);

    /**
     * Re-images machines: their system disk is replaced by a fresh one from the provider's image, so everything
     * stored on it (containers, local volumes) is gone. Asynchronous like {@link #createMachines}: the call returns
     * once the provider accepted it; each machine then goes through {@link MachineState#STARTING} to
     * {@link MachineState#RUNNING} again (same id and address), and the caller polls {@link #describeMachines}.
     *
     * @throws dev.acs.core.error.AcsException {@code NOT_FOUND} for a machine the provider does not know or has
     *                                         released, besides the errors of the class comment
     */
    void reinitializeMachines(Collection<String> machineIds, Duration timeout);
}

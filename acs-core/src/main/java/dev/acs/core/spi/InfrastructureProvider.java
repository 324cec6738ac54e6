package dev.acs.core.spi;

import dev.acs.core.model.Zone;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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
     * Every machine of a region that is not released and carries all of {@code tags} (same keys, same values), in a
     * stable order: how the control plane finds the machines of a request whose answer was lost (tagged with the
     * request's client token), the machines of a cluster it did not record, and the machines of this control plane
     * that no cluster holds. A machine the provider has just created may take a moment to be listed (ECS lists new
     * instances with a short delay), so an empty answer right after a create is not proof that nothing was made.
     *
     * <p>The default filters {@link #listMachines}; a provider whose own listing skips machines in use (a pool of
     * hosts that lists its free ones) or that can filter by tag on its side overrides it.
     *
     * @param tags the tags to match; empty matches every machine of the region
     */
    default List<Machine> machinesTagged(String regionId, Map<String, String> tags, Duration timeout) {
        return listMachines(regionId, timeout).stream()
                .filter(m -> m.state() != MachineState.RELEASED && m.tags().entrySet().containsAll(tags.entrySet()))
                .toList();
    }

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

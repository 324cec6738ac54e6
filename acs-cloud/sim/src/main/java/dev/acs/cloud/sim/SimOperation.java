package dev.acs.cloud.sim;

/**
 * The API calls of the simulated cloud, as named by the fault-injection methods
 * {@link SimCloud#delayApi(SimOperation, java.time.Duration)} and
 * {@link SimCloud#failApi(SimOperation, dev.acs.core.error.ErrorCode, int)}.
 */
public enum SimOperation {
    /** {@link dev.acs.core.spi.InfrastructureProvider#zones}. */
    ZONES,
    /** {@link dev.acs.core.spi.InfrastructureProvider#instanceTypes}. */
    INSTANCE_TYPES,
    /** {@link dev.acs.core.spi.InfrastructureProvider#createMachines}. */
    CREATE_MACHINES,
    /** {@link dev.acs.core.spi.InfrastructureProvider#describeMachines}. */
    DESCRIBE_MACHINES,
    /** {@link dev.acs.core.spi.InfrastructureProvider#releaseMachines}. */
    RELEASE_MACHINES,
    /** {@link dev.acs.core.spi.InfrastructureProvider#listMachines}. */
    LIST_MACHINES,
    /** {@link dev.acs.core.spi.InfrastructureProvider#reinitializeMachines}. */
    REINITIALIZE_MACHINES,
    /** {@link dev.acs.core.spi.ContainerRuntime#ping}; an injected failure or timeout makes it answer {@code false}. */
    PING,
    /** {@link dev.acs.core.spi.ContainerRuntime#create}. */
    CREATE_CONTAINER,
    /** {@link dev.acs.core.spi.ContainerRuntime#start}. */
    START_CONTAINER,
    /** {@link dev.acs.core.spi.ContainerRuntime#stop}. */
    STOP_CONTAINER,
    /** {@link dev.acs.core.spi.ContainerRuntime#remove}. */
    REMOVE_CONTAINER,
    /** {@link dev.acs.core.spi.ContainerRuntime#inspect}. */
    INSPECT_CONTAINER,
    /** {@link dev.acs.core.spi.ContainerRuntime#list}. */
    LIST_CONTAINERS,
    /** {@link dev.acs.core.spi.ContainerRuntime#logs}. */
    LOGS,
    /** {@link dev.acs.core.spi.ContainerRuntime#probe}. */
    PROBE,
    /** {@link dev.acs.core.spi.ContainerRuntime#stats}. */
    STATS,
    /** {@link dev.acs.core.spi.ContainerRuntime#exec}. */
    EXEC,
    /** {@link dev.acs.core.spi.ContainerRuntime#httpGet}. */
    HTTP_GET,
    /** {@link dev.acs.core.spi.ContainerRuntime#readFile}. */
    READ_FILE,
    /** {@link dev.acs.core.spi.ContainerRuntime#rename}. */
    RENAME_CONTAINER;

    /** Whether the call belongs to the container runtime (as opposed to the infrastructure provider). */
    public boolean isRuntime() {
        return ordinal() >= PING.ordinal();
    }
}

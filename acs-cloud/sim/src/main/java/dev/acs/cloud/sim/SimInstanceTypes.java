package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.model.Resources;
import dev.acs.core.spi.InstanceType;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A catalogue of ECS-like instance types for the simulated cloud: general purpose ({@code n4}), network-enhanced
 * memory types ({@code sn1ne}, {@code sn2ne}) and GPU types ({@code gn5}, {@code gn5i}) with their GPU counts. The
 * sizes follow the public ECS instance-type families; prices and network figures are not modelled.
 */
public final class SimInstanceTypes {
    private static final long GIB = 1L << 30;
    private static final List<InstanceType> DEFAULTS = List.of(
            type("ecs.n4.small", 1, 2, 0),
            type("ecs.n4.large", 2, 4, 0),
            type("ecs.n4.xlarge", 4, 8, 0),
            type("ecs.n4.2xlarge", 8, 16, 0),
            type("ecs.n4.4xlarge", 16, 32, 0),
            type("ecs.sn1ne.large", 2, 4, 0),
            type("ecs.sn1ne.xlarge", 4, 8, 0),
            type("ecs.sn2ne.large", 2, 8, 0),
            type("ecs.sn2ne.xlarge", 4, 16, 0),
            type("ecs.sn2ne.2xlarge", 8, 32, 0),
            type("ecs.sn2ne.4xlarge", 16, 64, 0),
            type("ecs.gn5-c4g1.xlarge", 4, 30, 1),
            type("ecs.gn5-c8g1.2xlarge", 8, 60, 1),
            type("ecs.gn5-c4g1.2xlarge", 8, 60, 2),
            type("ecs.gn5-c8g1.4xlarge", 16, 120, 2),
            type("ecs.gn5-c28g1.7xlarge", 28, 112, 4),
            type("ecs.gn5-c8g1.8xlarge", 32, 240, 4),
            type("ecs.gn5-c28g1.14xlarge", 56, 224, 8),
            type("ecs.gn5i-c8g1.2xlarge", 8, 32, 1));

    private SimInstanceTypes() {
    }

    /** The default catalogue, smallest general-purpose types first, GPU types last. */
    public static List<InstanceType> defaults() {
        return DEFAULTS;
    }

    /** The GPU types of the default catalogue. */
    public static List<InstanceType> gpuTypes() {
        return DEFAULTS.stream().filter(t -> t.capacity().gpus() > 0).toList();
    }

    /**
     * A type of the default catalogue by name.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} naming the known types when there is no such type
     */
    public static InstanceType named(String name) {
        return DEFAULTS.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                AcsException.invalidArgument("unknown instance type '" + name + "': use one of "
                        + DEFAULTS.stream().map(InstanceType::name).collect(Collectors.joining(", "))));
    }

    /** An instance type of whole cores, GiB of memory and GPUs. */
    public static InstanceType type(String name, int cores, int memoryGib, int gpus) {
        return new InstanceType(name, Resources.of(cores, memoryGib * GIB, gpus));
    }
}

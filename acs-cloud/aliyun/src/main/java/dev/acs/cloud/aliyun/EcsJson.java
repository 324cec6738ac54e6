package dev.acs.cloud.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the documented ECS response shapes into SDK types. */
final class EcsJson {
    private static final long MIB = 1024L * 1024L;

    private EcsJson() {
    }

    /** An ECS status ({@code Pending, Starting, Running, Stopping, Stopped}) as a machine state. */
    static MachineState state(String status) {
        return switch (status) {
            case "Starting" -> MachineState.STARTING;
            case "Running" -> MachineState.RUNNING;
            case "Stopping" -> MachineState.STOPPING;
            case "Stopped" -> MachineState.STOPPED;
            default -> MachineState.PENDING;
        };
    }

    /** One element of {@code DescribeInstances → Instances.Instance[]}. */
    static Machine machine(JsonNode instance) {
        String regionId = instance.path("RegionId").asText();
        String zoneId = instance.path("ZoneId").asText();
        Zone zone = regionId.isEmpty() ? Zone.of(zoneId) : new Zone(regionId, zoneId);
        Resources capacity = new Resources(instance.path("Cpu").asLong() * Resources.UNITS_PER_CORE,
                instance.path("Memory").asLong() * MIB, instance.path("GPUAmount").asInt());
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : instance.path("Tags").path("Tag")) {
            tags.put(tag.path("TagKey").asText(), tag.path("TagValue").asText());
        }
        return new Machine(instance.path("InstanceId").asText(), zone, instance.path("InstanceType").asText(),
                capacity, state(instance.path("Status").asText()), address(instance), tags, profile(instance));
    }

    /** Network type, VPC and public access as DescribeInstances tells them; kernel and Docker are unknown to ECS. */
    static MachineProfile profile(JsonNode instance) {
        String type = instance.path("InstanceNetworkType").asText("");
        NetworkType network = switch (type) {
            case "vpc" -> NetworkType.VPC;
            case "classic" -> NetworkType.CLASSIC;
            default -> null;
        };
        String vpcId = instance.path("VpcAttributes").path("VpcId").asText("");
        boolean publicIp = hasAddress(instance.path("PublicIpAddress").path("IpAddress"))
                || !instance.path("EipAddress").path("IpAddress").asText("").isEmpty();
        Boolean publicAccess = publicIp ? Boolean.TRUE : network == NetworkType.CLASSIC ? Boolean.FALSE : null;
        return new MachineProfile(network, vpcId.isEmpty() ? null : vpcId, publicAccess, null, null);
    }

    private static boolean hasAddress(JsonNode list) {
        return list.isArray() && !list.isEmpty() && !list.get(0).asText("").isEmpty();
    }

    private static String address(JsonNode instance) {
        JsonNode vpc = instance.path("VpcAttributes").path("PrivateIpAddress").path("IpAddress");
        if (vpc.isArray() && !vpc.isEmpty()) {
            return vpc.get(0).asText();
        }
        JsonNode inner = instance.path("InnerIpAddress").path("IpAddress");
        return inner.isArray() && !inner.isEmpty() ? inner.get(0).asText() : null;
    }

    /** One element of {@code DescribeInstanceTypes → InstanceTypes.InstanceType[]} (MemorySize in GiB). */
    static InstanceType instanceType(JsonNode type) {
        long memory = Math.round(type.path("MemorySize").asDouble() * 1024) * MIB;
        return new InstanceType(type.path("InstanceTypeId").asText(), new Resources(
                type.path("CpuCoreCount").asLong() * Resources.UNITS_PER_CORE, memory, type.path("GPUAmount").asInt()));
    }
}

package dev.acs.cloud.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.core.model.NetworkType;
import dev.acs.core.model.Resources;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EcsJsonTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsAnInstanceOfDescribeInstances() throws Exception {
        JsonNode instance = json.readTree("""
                {"InstanceId": "i-bp67acfmxazb4p****", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-g",
                 "InstanceType": "ecs.gn6i-c4g1.xlarge", "Status": "Running", "Cpu": 4, "Memory": 15360,
                 "GPUAmount": 1, "VpcAttributes": {"PrivateIpAddress": {"IpAddress": ["172.17.**.**"]}},
                 "Tags": {"Tag": [{"TagKey": "cluster", "TagValue": "c-1"}]}}""");
        Machine m = EcsJson.machine(instance);
        assertThat(m.id()).isEqualTo("i-bp67acfmxazb4p****");
        assertThat(m.zone()).isEqualTo(new Zone("cn-hangzhou", "cn-hangzhou-g"));
        assertThat(m.capacity()).isEqualTo(Resources.of(4, 15 * GIB, 1));
        assertThat(m.state()).isEqualTo(MachineState.RUNNING);
        assertThat(m.address()).isEqualTo("172.17.**.**");
        assertThat(m.tags()).containsEntry("cluster", "c-1");
    }

    @Test
    void classicNetworkInstancesUseTheirInnerAddress() throws Exception {
        Machine m = EcsJson.machine(json.readTree("""
                {"InstanceId": "i-1", "ZoneId": "cn-beijing-a", "Status": "Stopped", "Cpu": 1, "Memory": 1024,
                 "InnerIpAddress": {"IpAddress": ["10.0.0.5"]}}"""));
        assertThat(m.zone()).isEqualTo(new Zone("cn-beijing", "cn-beijing-a"));
        assertThat(m.address()).isEqualTo("10.0.0.5");
        assertThat(m.state()).isEqualTo(MachineState.STOPPED);
        assertThat(m.tags()).isEmpty();
    }

    @Test
    void mapsEveryDocumentedStatus() {
        assertThat(EcsJson.state("Pending")).isEqualTo(MachineState.PENDING);
        assertThat(EcsJson.state("Starting")).isEqualTo(MachineState.STARTING);
        assertThat(EcsJson.state("Running")).isEqualTo(MachineState.RUNNING);
        assertThat(EcsJson.state("Stopping")).isEqualTo(MachineState.STOPPING);
        assertThat(EcsJson.state("Stopped")).isEqualTo(MachineState.STOPPED);
    }

    @Test
    void readsAnInstanceTypeWithMemoryInGib() throws Exception {
        InstanceType t = EcsJson.instanceType(json.readTree("""
                {"InstanceTypeId": "ecs.g6.large", "CpuCoreCount": 2, "MemorySize": 8.0, "GPUAmount": 0}"""));
        assertThat(t).isEqualTo(new InstanceType("ecs.g6.large", Resources.of(2, 8 * GIB, 0)));
        InstanceType small = EcsJson.instanceType(json.readTree("""
                {"InstanceTypeId": "ecs.t5-lc2m1.nano", "CpuCoreCount": 1, "MemorySize": 0.5}"""));
        assertThat(small.capacity().memoryBytes()).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void theProfileTellsNetworkTypeVpcAndPublicAccess() throws Exception {
        MachineProfile classicPublic = EcsJson.profile(json.readTree("""
                {"InstanceNetworkType": "classic", "PublicIpAddress": {"IpAddress": ["47.96.1.2"]}}"""));
        assertThat(classicPublic).isEqualTo(new MachineProfile(NetworkType.CLASSIC, null, true, null, null));
        MachineProfile classicPrivate = EcsJson.profile(json.readTree("""
                {"InstanceNetworkType": "classic", "PublicIpAddress": {"IpAddress": []}}"""));
        assertThat(classicPrivate.publicAccess()).as("the classic network has no NAT gateway").isFalse();
        MachineProfile vpcEip = EcsJson.profile(json.readTree("""
                {"InstanceNetworkType": "vpc", "VpcAttributes": {"VpcId": "vpc-1"},
                 "EipAddress": {"IpAddress": "47.96.3.4"}}"""));
        assertThat(vpcEip).isEqualTo(new MachineProfile(NetworkType.VPC, "vpc-1", true, null, null));
        MachineProfile vpcPrivate = EcsJson.profile(json.readTree("""
                {"InstanceNetworkType": "vpc", "VpcAttributes": {"VpcId": "vpc-1"}, "EipAddress": {"IpAddress": ""}}"""));
        assertThat(vpcPrivate.publicAccess()).as("a NAT gateway may serve it").isNull();
        assertThat(EcsJson.profile(json.readTree("{}"))).isEqualTo(MachineProfile.UNKNOWN);
    }
}

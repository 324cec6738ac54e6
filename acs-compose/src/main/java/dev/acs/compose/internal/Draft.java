package dev.acs.compose.internal;

import dev.acs.core.model.ContainerSettings;
import dev.acs.core.model.ExternalService;
import dev.acs.core.model.LoadBalancerBinding;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One service while it is read: its builder plus what the cross-service checks need, with locations. */
final class Draft {
    final String name;
    final String path;
    final YNode.YMap.Entry at;
    final ServiceSpec.Builder builder;
    ExternalService external;
    boolean hasImage;
    int scale = 1;
    YNode scaleAt;
    boolean global;
    YNode containerNameAt;
    String containerName;
    final Map<String, YNode> dependsOn = new LinkedHashMap<>();
    /** Dependencies of {@code depends_on}'s long form declared {@code required: false}. */
    final java.util.Set<String> optionalDependencies = new java.util.LinkedHashSet<>();
    final Map<LoadBalancerBinding, YNode> loadBalancers = new LinkedHashMap<>();
    final Map<String, String> jobLabelValues = new LinkedHashMap<>();
    List<PortMapping> ports = List.of();
    final List<PlacementRule> rules = new ArrayList<>();
    final Map<String, YNode> links = new LinkedHashMap<>();
    final List<YNode> proxyLabels = new ArrayList<>();
    boolean proxyAddon;
    final Map<String, YNode> batchOnlyLabels = new LinkedHashMap<>();
    final Map<String, YNode> onlineOnlyLabels = new LinkedHashMap<>();
    final Map<String, YNode> jobLabels = new LinkedHashMap<>();
    String restart;
    YNode restartAt;
    YNode availabilityAt;
    int hardZones;
    long cpuUnits;
    long memoryBytes;
    int gpus;
    /** Variables read from {@code env_file}, below {@code environment}. */
    final Map<String, String> envFile = new LinkedHashMap<>();
    /** The declared {@code environment}, directives removed. */
    Map<String, String> environment = Map.of();
    /** Engine-level settings read so far. */
    final ContainerSettings.Builder container = ContainerSettings.builder();
    /** The image build ({@code build:} under compose-spec), or {@code null}. */
    dev.acs.core.model.BuildSpec build;
    /** Secrets and configs mounted from files. */
    final List<dev.acs.core.model.FileMount> files = new ArrayList<>();

    Draft(String name, String path, YNode.YMap.Entry at) {
        this.name = name;
        this.path = path;
        this.at = at;
        this.builder = ServiceSpec.builder(name);
    }
}

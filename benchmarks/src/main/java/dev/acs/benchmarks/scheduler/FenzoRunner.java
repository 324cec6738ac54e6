package dev.acs.benchmarks.scheduler;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import com.netflix.fenzo.VirtualMachineLease;
import com.netflix.fenzo.plugins.BinPackingFitnessCalculators;
import org.apache.mesos.Protos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link BinPackWorkload} through Netflix Fenzo: one lease per node, one task request per demand, the
 * {@code cpuMemBinPacker} fitness calculator, and one {@code scheduleOnce} call, as Fenzo's own samples do.
 */
public final class FenzoRunner {
    private FenzoRunner() {
    }

    /** Schedules the workload; returns the demands per node name. */
    public static Map<String, List<BinPackWorkload.Demand>> run(BinPackWorkload w, List<BinPackWorkload.Demand> demands) {
        TaskScheduler scheduler = new TaskScheduler.Builder()
                .withLeaseOfferExpirySecs(1_000_000)
                .withLeaseRejectAction(lease -> { })
                .withFitnessCalculator(BinPackingFitnessCalculators.cpuMemBinPacker)
                .build();
        List<VirtualMachineLease> leases = new ArrayList<>(w.nodes());
        for (int i = 0; i < w.nodes(); i++) {
            leases.add(new Lease("node-" + i));
        }
        List<Request> requests = new ArrayList<>(demands.size());
        Map<String, BinPackWorkload.Demand> byId = new HashMap<>();
        for (int i = 0; i < demands.size(); i++) {
            Request r = new Request("t" + i, demands.get(i));
            requests.add(r);
            byId.put(r.id, r.demand);
        }
        SchedulingResult result = scheduler.scheduleOnce(requests, leases);
        Map<String, List<BinPackWorkload.Demand>> byNode = new HashMap<>();
        for (VMAssignmentResult vm : result.getResultMap().values()) {
            for (TaskAssignmentResult t : vm.getTasksAssigned()) {
                byNode.computeIfAbsent(vm.getHostname(), k -> new ArrayList<>()).add(byId.get(t.getTaskId()));
            }
        }
        scheduler.shutdown();
        return byNode;
    }

    /** A node offered to Fenzo. */
    private static final class Lease implements VirtualMachineLease {
        private final String host;

        Lease(String host) {
            this.host = host;
        }

        @Override public String getId() { return host + "-lease"; }
        @Override public long getOfferedTime() { return 0; }
        @Override public String hostname() { return host; }
        @Override public String getVMID() { return host; }
        @Override public double cpuCores() { return BinPackWorkload.NODE_CORES; }
        @Override public double memoryMB() { return BinPackWorkload.NODE_MIB; }
        @Override public double networkMbps() { return 10_000; }
        @Override public double diskMB() { return 1_000_000; }
        @Override public List<Range> portRanges() { return Collections.emptyList(); }
        @Override public Protos.Offer getOffer() { return null; }
        @Override public Map<String, Protos.Attribute> getAttributeMap() { return Collections.emptyMap(); }
        @Override public Double getScalarValue(String name) { return null; }
        @Override public Map<String, Double> getScalarValues() { return Collections.emptyMap(); }
    }

    /** One container for Fenzo. */
    private static final class Request implements TaskRequest {
        private final String id;
        private final BinPackWorkload.Demand demand;
        private AssignedResources assigned;

        Request(String id, BinPackWorkload.Demand demand) {
            this.id = id;
            this.demand = demand;
        }

        @Override public String getId() { return id; }
        @Override public String taskGroupName() { return "bench"; }
        @Override public double getCPUs() { return demand.cores(); }
        @Override public double getMemory() { return demand.mib(); }
        @Override public double getNetworkMbps() { return 0; }
        @Override public double getDisk() { return 0; }
        @Override public int getPorts() { return 0; }
        @Override public Map<String, Double> getScalarRequests() { return Collections.emptyMap(); }
        @Override public Map<String, NamedResourceSetRequest> getCustomNamedResources() { return Collections.emptyMap(); }
        @Override public List<? extends ConstraintEvaluator> getHardConstraints() { return Collections.emptyList(); }
        @Override public List<? extends VMTaskFitnessCalculator> getSoftConstraints() { return Collections.emptyList(); }
        @Override public void setAssignedResources(AssignedResources r) { assigned = r; }
        @Override public AssignedResources getAssignedResources() { return assigned; }
    }
}

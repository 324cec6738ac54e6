package dev.acs.core.engine;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AttachMode;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preconditions of adding an existing machine to a cluster ({@code spec/lifecycle.md} §4.3.1), each failing with
 * its documented code. Facts the provider cannot tell ({@link MachineProfile} parts that are {@code null}) are not
 * checked.
 */
final class AttachChecks {
    /** The oldest kernel a manually added machine may run (§4.4, §26 row 16). */
    static final int[] MIN_KERNEL = {3, 18};
    private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");

    private AttachChecks() {
    }

    /** Whether the machine sits in the cluster's region, network type and VPC (as far as the provider tells). */
    static boolean sameNetwork(Cluster cluster, Machine m) {
        return networkProblem(cluster, m) == null;
    }

    /**
     * Checks one machine for one cluster.
     *
     * @throws AcsException {@code CROSS_ACCOUNT_RESOURCE} (unknown to this account's provider), {@code NETWORK_MISMATCH}
     *                      (other region, network type or VPC), {@code NO_PUBLIC_ACCESS}, {@code INVALID_STATE} (not
     *                      running), and in manual mode {@code KERNEL_TOO_OLD} and {@code DOCKER_ALREADY_INSTALLED}
     */
    static void require(Cluster cluster, Machine m, AttachMode mode) {
        Map<String, String> details = Map.of("machine", m.id(), "cluster", cluster.id());
        if (m.state() == MachineState.RELEASED) {
            throw new AcsException(ErrorCode.CROSS_ACCOUNT_RESOURCE, "machine " + m.id() + " is not known to this "
                    + "account's provider: it does not exist, was released, or belongs to another account (machines "
                    + "of other accounts cannot be added)", details, null);
        }
        String network = networkProblem(cluster, m);
        if (network != null) {
            throw new AcsException(ErrorCode.NETWORK_MISMATCH, network, details, null);
        }
        MachineProfile p = m.profile();
        if (Boolean.FALSE.equals(p.publicAccess())) {
            throw new AcsException(ErrorCode.NO_PUBLIC_ACCESS, "machine " + m.id() + " cannot reach the public network: "
                    + "give it a public IP (classic network), an EIP or a NAT gateway (VPC) before adding it", details, null);
        }
        if (m.state() != MachineState.RUNNING) {
            throw new AcsException(ErrorCode.INVALID_STATE, "machine " + m.id() + " is " + m.state()
                    + ": start it before adding it to " + cluster.describe(), details, null);
        }
        if (mode == AttachMode.MANUAL) {
            if (p.kernelVersion() != null && !kernelAtLeast(p.kernelVersion(), MIN_KERNEL)) {
                throw new AcsException(ErrorCode.KERNEL_TOO_OLD, "machine " + m.id() + " runs kernel "
                        + p.kernelVersion() + " (内核版本太低): manual add needs Linux " + MIN_KERNEL[0] + "."
                        + MIN_KERNEL[1] + " or later; take a snapshot and upgrade the kernel, or add it automatically "
                        + "(which re-images it)", details, null);
            }
            if (Boolean.TRUE.equals(p.dockerInstalled())) {
                throw new AcsException(ErrorCode.DOCKER_ALREADY_INSTALLED, "machine " + m.id() + " already has Docker "
                        + "installed: remove it first (Ubuntu: apt-get remove -y docker-engine; rm -fr /etc/docker/ "
                        + "/var/lib/docker /etc/default/docker; CentOS: yum remove -y docker-engine; rm -fr /etc/docker "
                        + "/var/lib/docker), or add the machine automatically (which re-images it)", details, null);
            }
        }
    }

    /** Whether {@code version} (e.g. {@code 4.4.0-93-generic}) is at least {@code min}; unparsable versions pass. */
    static boolean kernelAtLeast(String version, int[] min) {
        Matcher m = KERNEL.matcher(version.trim());
        if (!m.find()) {
            return true;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > min[0] || major == min[0] && minor >= min[1];
    }

    private static String networkProblem(Cluster cluster, Machine m) {
        ClusterSpec spec = cluster.spec();
        String region = spec.zone().regionId();
        if (m.zone() == null || !region.equals(m.zone().regionId())) {
            return "machine " + m.id() + " is in region " + (m.zone() == null ? "unknown" : m.zone().regionId())
                    + " but " + cluster.describe() + " is in " + region + ": only machines of the cluster's region "
                    + "can be added";
        }
        MachineProfile p = m.profile();
        if (p.networkType() != null && p.networkType() != spec.networkType()) {
            return "machine " + m.id() + " is in the " + p.networkType() + " network but " + cluster.describe()
                    + " uses " + spec.networkType() + ": only machines of the cluster's network type can be added";
        }
        if (p.vpcId() != null && spec.vpcId() != null && !p.vpcId().equals(spec.vpcId())) {
            return "machine " + m.id() + " is in VPC " + p.vpcId() + " but " + cluster.describe() + " is in VPC "
                    + spec.vpcId() + ": only machines of the cluster's VPC can be added";
        }
        return null;
    }
}

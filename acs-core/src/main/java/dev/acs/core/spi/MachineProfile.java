package dev.acs.core.spi;

import dev.acs.core.model.NetworkType;

/**
 * What a provider can tell about an existing machine beyond its size and state: the facts the preconditions of
 * adding an existing machine to a cluster check ({@code spec/lifecycle.md} §4.3.1). Every part is optional:
 * {@code null} means the provider cannot tell, and the check that needs it is skipped.
 *
 * @param networkType     classic or VPC, or {@code null} when unknown
 * @param vpcId           the VPC the machine is in (VPC only), or {@code null}
 * @param publicAccess    whether the machine reaches the public network (public IP, EIP or NAT gateway), or
 *                        {@code null} when unknown
 * @param kernelVersion   the Linux kernel release, e.g. {@code 4.4.0-93-generic}, or {@code null} when unknown
 * @param dockerInstalled whether a Docker engine is already installed, or {@code null} when unknown
 */
public record MachineProfile(NetworkType networkType, String vpcId, Boolean publicAccess, String kernelVersion,
                             Boolean dockerInstalled) {
    /** Nothing known: every check that needs a fact is skipped. */
    public static final MachineProfile UNKNOWN = new MachineProfile(null, null, null, null, null);
}

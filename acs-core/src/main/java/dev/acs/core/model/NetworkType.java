package dev.acs.core.model;

/** Network type of a cluster, fixed at creation ({@code spec/lifecycle.md} §3.4). */
public enum NetworkType {
    /** 经典网络: classic network. */
    CLASSIC,
    /** 专有网络: a VPC with a VSwitch and a container CIDR. */
    VPC
}

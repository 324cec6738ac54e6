package dev.acs.core.model;

/** Kinds of application ({@code spec/lifecycle.md} §7.1). */
public enum AppKind {
    /** A long-running online application (the default). */
    ONLINE,
    /** An offline batch job ({@code aliyun.project_type: "batch"}). */
    BATCH,
    /** A scheduled batch job ({@code aliyun.schedule}). */
    SCHEDULED,
    /** A system application of the cluster (acsrouting, acslogging ...). */
    SYSTEM
}

package dev.acs.core.model;

/**
 * How an existing machine joins a cluster ({@code spec/lifecycle.md} §4.3.1, 添加已有节点).
 */
public enum AttachMode {
    /**
     * 自动添加: the machine's system disk is re-imaged first (everything on it is lost), so kernel and pre-installed
     * Docker do not matter; one or more machines per operation.
     */
    AUTOMATIC,
    /**
     * 手动添加: the machine keeps its disk and joins as it is; exactly one machine per operation, whose kernel must be
     * at least 3.18 and which must not have Docker installed already (checked where the provider can tell). The
     * product has the user run an attach script that installs the engine; here the node becomes NORMAL once the
     * machine runs and the control plane's runtime reaches its engine.
     */
    MANUAL
}

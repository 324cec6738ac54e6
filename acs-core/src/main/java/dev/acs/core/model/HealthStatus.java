package dev.acs.core.model;

/**
 * The health of a container as its probe sees it, kept apart from its {@link ContainerState}. A container whose
 * service has no probe is healthy by default ({@code spec/lifecycle.md} §10.1).
 */
public enum HealthStatus {
    /** 正常: the probe succeeds, or there is no probe. */
    HEALTHY,
    /** The probe fails. */
    UNHEALTHY,
    /** Not probed yet (initial delay) or not running. */
    UNKNOWN
}

package dev.acs.core.model;

import java.util.List;

/**
 * Custom monitoring of a service ({@code aliyun.monitoring.*}, {@code spec/compose-dialect.md} §3.12). Every field is
 * optional ({@code null} or empty when the template does not set it).
 *
 * @param script     command run in the container each minute, printing InfluxDB line protocol
 * @param http       URL polled each minute, host {@code container}, returning a JSON object
 * @param tags       JSON attributes of the {@code http} answer that are tags, not fields
 * @param influxdb   InfluxDB sink {@code scheme://hostIp:port}
 * @param prometheus Prometheus sink {@code scheme://hostIp:port}
 */
public record Monitoring(String script, String http, List<String> tags, String influxdb, String prometheus) {
    /** Freezes the tags. */
    public Monitoring {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}

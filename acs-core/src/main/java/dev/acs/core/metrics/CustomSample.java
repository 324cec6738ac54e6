package dev.acs.core.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One point of custom monitoring ({@code aliyun.monitoring.*}, {@code spec/lifecycle.md} §16.2) as the
 * {@link MetricsController} collected it, once per period, from one container: a point of its script's InfluxDB line
 * protocol, or the JSON object its HTTP endpoint returned.
 *
 * @param containerId   the control plane's id of the container
 * @param containerName the container's name (e.g. {@code shop_web_1})
 * @param appId         the id of its application
 * @param service       its service
 * @param measurement   the table the product would write to: the line protocol's measurement, or
 *                      {@code httpjson_<container name>} for an HTTP endpoint
 * @param tags          the point's tags (the line protocol's tag set; the JSON attributes named by
 *                      {@code aliyun.monitoring.tags})
 * @param fields        its numeric fields (booleans as 1 and 0; string fields are not kept)
 * @param at            the point's own timestamp when the line protocol gives one, else when it was collected
 */
public record CustomSample(String containerId, String containerName, String appId, String service,
                           String measurement, Map<String, String> tags, Map<String, Double> fields, Instant at) {
    /** Checks and freezes the parts. */
    public CustomSample {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(at, "at");
        tags = Map.copyOf(tags);
        fields = Map.copyOf(fields);
    }
}

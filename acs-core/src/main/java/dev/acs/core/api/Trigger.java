package dev.acs.core.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A trigger of an application (触发器, {@code spec/lifecycle.md} §18): calling its URL with its secret redeploys or
 * scales the application. The secret is not part of it: it is shown once, at creation ({@link CreatedTrigger}), and
 * the control plane keeps only its hash.
 *
 * @param id        the trigger's token (random, unguessable)
 * @param appId     its application
 * @param spec      what a call does
 * @param path      the URL path and query without the secret, in the product's shape
 *                  {@code /hook/trigger?triggerUrl=<base64 of clusterId|appName|type|token|>}; a call adds
 *                  {@code &secret=<secret>}
 * @param createdAt when it was created
 */
public record Trigger(String id, String appId, TriggerSpec spec, String path, Instant createdAt) {
    /** Requires every field. */
    public Trigger {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}

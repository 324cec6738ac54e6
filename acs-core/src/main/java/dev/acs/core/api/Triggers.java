package dev.acs.core.api;

import dev.acs.core.error.AcsException;

import java.util.List;

/**
 * The triggers of applications (触发器, {@code spec/lifecycle.md} §18): URLs that CI systems and registry webhooks call
 * to redeploy or scale an application. Obtained from {@code ControlPlane.triggers()} (or a principal's view); the calls
 * themselves arrive through {@code ControlPlane.triggerEndpoint()}.
 */
public interface Triggers {

    /**
     * Creates a trigger; its secret is in the answer and nowhere else (only its hash is kept).
     *
     * @throws AcsException {@code NOT_FOUND}; {@code TRIGGER_TYPE_EXISTS} when the application has a trigger of that
     *                      type (one per type); {@code INVALID_ARGUMENT} for a scale trigger of an unknown service;
     *                      {@code UNAUTHORIZED}
     */
    CreatedTrigger create(String appId, TriggerSpec spec);

    /** The triggers of an application, oldest first. */
    List<Trigger> list(String appId);

    /**
     * Deletes a trigger: its URL answers 404 from then on.
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown trigger of that application
     */
    void delete(String appId, String triggerId);

    /** The latest calls of an application's trigger (at most 100), newest first; empty for an unknown trigger. */
    List<TriggerCall> history(String appId, String triggerId);
}

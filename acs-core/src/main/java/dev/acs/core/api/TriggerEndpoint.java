package dev.acs.core.api;

/**
 * Where trigger calls arrive (the product's {@code /hook/trigger} endpoint): a host mounts it in its own HTTP server
 * at {@code /hook/trigger} and passes each request in; {@code acs serve} does so with the JDK's HTTP server. Obtained
 * from {@code ControlPlane.triggerEndpoint()}. Safe for concurrent calls.
 *
 * <p>A call names its trigger ({@code triggerUrl}) and carries its {@code secret}; the answer is 404 for an unknown or
 * deleted trigger, 429 once the trigger was called more often than its rate limit allows within the last minute, 403
 * for a missing or wrong secret (compared in constant time with the stored hash), 409 while the application is not
 * ready or runs another operation, else 202 with the operation started. Every call of an existing trigger is kept in
 * its history ({@link Triggers#history}) and published as a {@code TRIGGER_CALLED} event of the application; the secret
 * is never kept, logged or echoed.
 */
@FunctionalInterface
public interface TriggerEndpoint {
    /** Handles one call. */
    TriggerResponse handle(TriggerRequest request);
}

package dev.acs.core.api;

import java.util.Objects;

/**
 * A trigger just created, with its secret: the only time the secret is shown (触发器链接 and secret). Keep it; the
 * control plane stores only a hash of it. {@link #toString()} never shows the secret.
 *
 * @param trigger the trigger
 * @param secret  its secret (64 hex digits)
 */
public record CreatedTrigger(Trigger trigger, String secret) {
    /** Requires both. */
    public CreatedTrigger {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(secret, "secret");
    }

    /** The path and query to call, secret included: append it to the address the trigger endpoint is served at. */
    public String pathWithSecret() {
        return trigger.path() + "&secret=" + secret;
    }

    /** The trigger without its secret. */
    @Override
    public String toString() {
        return "CreatedTrigger[" + trigger + ", secret=(hidden)]";
    }
}

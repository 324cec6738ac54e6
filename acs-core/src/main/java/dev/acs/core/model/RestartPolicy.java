package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * Docker restart policy of a service's containers ({@code restart}). A crashed container restarts in place on
 * its node under this policy. Batch jobs always use {@link Mode#NO}.
 *
 * @param mode       when to restart
 * @param maxRetries for {@link Mode#ON_FAILURE}: at most this many restarts, 0 for unlimited
 */
public record RestartPolicy(Mode mode, int maxRetries) {
    /** Never restart (Docker's default). */
    public static final RestartPolicy NO = new RestartPolicy(Mode.NO, 0);
    /** Always restart. */
    public static final RestartPolicy ALWAYS = new RestartPolicy(Mode.ALWAYS, 0);

    /** Restart modes. */
    public enum Mode {
        /** {@code no} */
        NO,
        /** {@code always} */
        ALWAYS,
        /** {@code on-failure[:N]} */
        ON_FAILURE,
        /** {@code unless-stopped} */
        UNLESS_STOPPED
    }

    /** Checks the retry count. */
    public RestartPolicy {
        if (mode == null) {
            mode = Mode.NO;
        }
        if (maxRetries < 0 || (maxRetries > 0 && mode != Mode.ON_FAILURE)) {
            throw AcsException.invalidArgument("a retry count is only allowed with on-failure and must not be negative");
        }
    }

    /** Parses Docker's text form: {@code no}, {@code always}, {@code on-failure}, {@code on-failure:3}, {@code unless-stopped}. */
    public static RestartPolicy parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("no") || t.equals("\"no\"")) {
            return NO;
        }
        if (t.equals("always")) {
            return ALWAYS;
        }
        if (t.equals("unless-stopped")) {
            return new RestartPolicy(Mode.UNLESS_STOPPED, 0);
        }
        if (t.equals("on-failure")) {
            return new RestartPolicy(Mode.ON_FAILURE, 0);
        }
        if (t.startsWith("on-failure:")) {
            try {
                return new RestartPolicy(Mode.ON_FAILURE, Integer.parseInt(t.substring("on-failure:".length())));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw AcsException.invalidArgument("'" + text + "' is not a restart policy: use no, always, on-failure[:N] or unless-stopped");
    }

    /** Docker's text form. */
    @Override
    public String toString() {
        return switch (mode) {
            case NO -> "no";
            case ALWAYS -> "always";
            case UNLESS_STOPPED -> "unless-stopped";
            case ON_FAILURE -> maxRetries > 0 ? "on-failure:" + maxRetries : "on-failure";
        };
    }
}

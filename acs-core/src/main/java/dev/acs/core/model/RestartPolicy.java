package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * Docker restart policy of a service's containers ({@code restart}). A crashed container restarts in place on
 * its node under this policy. Batch jobs always use {@link Mode#NO}.
 *
 * <p>The control plane's reconcile passes follow the policy too: a container that exited is started again when its
 * policy says so ({@code always}, {@code unless-stopped}, {@code on-failure} after a non-zero exit), never under a
 * declared {@code restart: "no"} ({@link #DECLARED_NO}). A service that declares no policy ({@link #NO}, Docker's
 * default on the engine) leaves the decision to the control plane, which starts its exited containers again: the
 * product's self-healing.
 *
 * @param mode       when to restart
 * @param maxRetries for {@link Mode#ON_FAILURE}: at most this many restarts, 0 for unlimited
 * @param declared   whether the service declared {@code restart: "no"} (always {@code true} for the other modes)
 */
public record RestartPolicy(Mode mode, int maxRetries, boolean declared) {
    /**
     * No policy declared (the default of a service): the engine does not restart (Docker's default {@code no}), the
     * control plane's reconcile passes do.
     */
    public static final RestartPolicy NO = new RestartPolicy(Mode.NO, 0);
    /** {@code restart: "no"} declared: neither the engine nor the control plane's passes restart. */
    public static final RestartPolicy DECLARED_NO = new RestartPolicy(Mode.NO, 0, true);
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

    /** Checks the retry count; every mode but {@link Mode#NO} is declared. */
    public RestartPolicy {
        if (mode == null) {
            mode = Mode.NO;
        }
        if (maxRetries < 0 || (maxRetries > 0 && mode != Mode.ON_FAILURE)) {
            throw AcsException.invalidArgument("a retry count is only allowed with on-failure and must not be negative");
        }
        if (mode != Mode.NO) {
            declared = true;
        }
    }

    /** A policy; {@link Mode#NO} so made is the undeclared default ({@link #NO}). */
    public RestartPolicy(Mode mode, int maxRetries) {
        this(mode, maxRetries, false);
    }

    /**
     * Whether the control plane starts a container that exited with {@code exitCode} ({@code null} when unknown)
     * again: always unless {@code restart: "no"} was declared, and for {@code on-failure} only after a non-zero exit.
     */
    public boolean restartsAfterExit(Integer exitCode) {
        return switch (mode) {
            case NO -> !declared;
            case ALWAYS, UNLESS_STOPPED -> true;
            case ON_FAILURE -> exitCode == null || exitCode != 0;
        };
    }

    /** Parses Docker's text form ({@code no} gives {@link #DECLARED_NO}): {@code no}, {@code always}, {@code on-failure}, {@code on-failure:3}, {@code unless-stopped}. */
    public static RestartPolicy parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("no") || t.equals("\"no\"")) {
            return DECLARED_NO;
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

package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * One resource limit of a container ({@code ulimits:} in Compose): {@code nofile: {soft: 1024, hard: 2048}} or
 * {@code nproc: 65535} (soft and hard alike).
 *
 * @param name the limit's name as Docker spells it ({@code nofile}, {@code nproc}, {@code core}, ...)
 * @param soft soft limit
 * @param hard hard limit, at least the soft one
 */
public record Ulimit(String name, long soft, long hard) {
    /** Checks the name and the order of the limits. */
    public Ulimit {
        if (name == null || !name.matches("[a-z]+")) {
            throw AcsException.invalidArgument("ulimit name '" + name + "' must be lower-case letters such as nofile");
        }
        if (soft > hard) {
            throw AcsException.invalidArgument("ulimit " + name + ": soft limit " + soft + " is above the hard limit "
                    + hard);
        }
    }
}

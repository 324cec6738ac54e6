package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * A volume mounted into a container.
 *
 * @param type     how the source is found
 * @param source   host path ({@link Type#BIND}), volume name ({@link Type#NAMED}) or {@code null} ({@link Type#ANONYMOUS})
 * @param target   absolute path inside the container
 * @param readOnly mounted read-only ({@code :ro})
 * @param noCopy   do not copy the image's content into a new named volume ({@code :nocopy})
 */
public record VolumeMount(Type type, String source, String target, boolean readOnly, boolean noCopy) {

    /** Kinds of volume source. */
    public enum Type {
        /** A host path, e.g. {@code /data:/var/lib/mysql}. Local to one node. */
        BIND,
        /** A named volume, e.g. {@code db:/var/lib/mysql}; third-party drivers make it cluster-wide. */
        NAMED,
        /** An anonymous volume, e.g. {@code /var/lib/mysql}. Local to one node. */
        ANONYMOUS
    }

    /** Checks the parts against the type. */
    public VolumeMount {
        if (type == null) {
            throw AcsException.invalidArgument("volume type is missing");
        }
        if (target == null || !target.startsWith("/")) {
            throw AcsException.invalidArgument("volume target '" + target + "' must be an absolute container path");
        }
        if (type == Type.ANONYMOUS && source != null) {
            throw AcsException.invalidArgument("an anonymous volume has no source, got '" + source + "'");
        }
        if (type != Type.ANONYMOUS && (source == null || source.isBlank())) {
            throw AcsException.invalidArgument("a " + type.name().toLowerCase() + " volume needs a source");
        }
    }

    /** Whether the data stays on one node (host paths and anonymous volumes), which matters for rescheduling. */
    public boolean isNodeLocal() {
        return type != Type.NAMED;
    }
}

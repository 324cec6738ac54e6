package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.VolumeMount;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads a service's {@code volumes} (short {@code [source:]target[:mode]} and long forms) into mounts. */
final class VolumeReader {
    private static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Reporter r;

    VolumeReader(Reporter reporter) {
        this.r = reporter;
    }

    /** The mounts of a {@code volumes} list; bad entries are reported and left out. */
    List<VolumeMount> read(String p, YNode v) {
        List<VolumeMount> out = new ArrayList<>();
        Values.items(v, r, p, (item, ip) -> {
            VolumeMount vm = item instanceof YNode.YMap vmap ? longVolume(vmap, ip) : shortVolume(item, ip);
            if (vm != null) {
                out.add(vm);
            }
        });
        return out;
    }

    private VolumeMount shortVolume(YNode item, String ip) {
        String t = Values.text(item, r, ip);
        if (t == null) {
            return null;
        }
        String[] parts = t.split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            r.error(DiagnosticCode.KEY_013, ip, item, "volume '" + t + "' is not [source:]target[:mode]");
            return null;
        }
        if (parts.length == 1) {
            return volume(VolumeMount.Type.ANONYMOUS, null, parts[0], false, false, t, ip, item);
        }
        String mode = parts.length == 3 ? parts[2] : "";
        boolean ro = false;
        boolean nocopy = false;
        for (String opt : mode.isEmpty() ? new String[0] : mode.split(",")) {
            switch (opt) {
                case "ro" -> ro = true;
                case "rw" -> ro = false;
                case "nocopy" -> nocopy = true;
                case "z", "Z", "copy" -> {
                    // SELinux relabelling and the default copy are runtime details; accepted
                }
                default -> {
                    r.error(DiagnosticCode.KEY_013, ip, item, "volume '" + t + "': mode '" + opt
                            + "' is not one of ro, rw, nocopy");
                    return null;
                }
            }
        }
        return volume(sourceType(parts[0], ip, item), parts[0], parts[1], ro, nocopy, t, ip, item);
    }

    private VolumeMount.Type sourceType(String source, String ip, YNode item) {
        if (source.startsWith("/") || source.startsWith(".") || source.startsWith("~")) {
            return VolumeMount.Type.BIND;
        }
        if (!VOLUME_NAME.matcher(source).matches()) {
            r.error(DiagnosticCode.KEY_013, ip, item, "'" + source + "' is neither an absolute host path nor a volume name");
        }
        return VolumeMount.Type.NAMED;
    }

    private VolumeMount longVolume(YNode.YMap m, String ip) {
        String source = m.has("source") ? Values.text(m.get("source"), r, ip + ".source") : null;
        String target = m.has("target") ? Values.text(m.get("target"), r, ip + ".target") : null;
        String type = m.has("type") ? Values.text(m.get("type"), r, ip + ".type") : null;
        Boolean ro = m.has("read_only") ? Values.bool(m.get("read_only"), r, ip + ".read_only") : Boolean.FALSE;
        boolean nocopy = m.get("volume") instanceof YNode.YMap vo && vo.has("nocopy")
                && Boolean.TRUE.equals(Values.bool(vo.get("nocopy"), r, ip + ".volume.nocopy"));
        if (target == null) {
            r.error(DiagnosticCode.KEY_013, ip, m, "a long-form volume needs target: <container path>");
            return null;
        }
        VolumeMount.Type t;
        if (source == null || source.isEmpty()) {
            t = VolumeMount.Type.ANONYMOUS;
            source = null;
        } else if ("bind".equals(type)) {
            t = VolumeMount.Type.BIND;
        } else if ("volume".equals(type)) {
            t = VolumeMount.Type.NAMED;
        } else {
            t = sourceType(source, ip, m);
        }
        return volume(t, source, target, Boolean.TRUE.equals(ro), nocopy, target, ip, m);
    }

    private VolumeMount volume(VolumeMount.Type type, String source, String target, boolean ro, boolean nocopy,
                               String text, String ip, YNode at) {
        try {
            return new VolumeMount(type, source, target, ro, nocopy);
        } catch (AcsException ex) {
            r.error(DiagnosticCode.KEY_013, ip, at, "volume '" + text + "': " + ex.getMessage());
            return null;
        }
    }
}

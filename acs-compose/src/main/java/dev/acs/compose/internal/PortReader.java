package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.ParseOptions;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.PortMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ports} and {@code expose} (short and long forms, ranges expanded) and keeps the template's port count
 * against {@link ParseOptions#maxPortsPerRange()} and {@link ParseOptions#maxPorts()}. One instance per template.
 */
final class PortReader {
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    private final ParseOptions options;
    private final Reporter r;
    /** Port mappings read so far in the template, against {@link ParseOptions#maxPorts()}. */
    private int portCount;
    private boolean portLimitReported;

    PortReader(ParseOptions options, Reporter reporter) {
        this.options = options;
        this.r = reporter;
    }

    /**
     * The mappings of a {@code ports} (or, with {@code expose}, an {@code expose}) list; empty when the value is not a
     * list (reported). Bad entries are reported and left out.
     */
    Optional<List<PortMapping>> read(String p, YNode v, boolean expose) {
        List<PortMapping> out = new ArrayList<>();
        boolean isList = Values.items(v, r, p, (item, ip) -> {
            if (item instanceof YNode.YMap pm && !expose) {
                longPort(pm, ip, out);
                return;
            }
            String t = Values.text(item, r, ip);
            if (t != null) {
                shortPort(t.trim(), ip, item, expose, out);
            }
        });
        return isList ? Optional.of(out) : Optional.empty();
    }

    private void longPort(YNode.YMap pm, String ip, List<PortMapping> out) {
        String target = pm.has("target") ? Values.text(pm.get("target"), r, ip + ".target") : null;
        String published = pm.has("published") ? Values.text(pm.get("published"), r, ip + ".published") : "";
        String protocol = pm.has("protocol") ? Values.text(pm.get("protocol"), r, ip + ".protocol") : "tcp";
        String hostIp = pm.has("host_ip") ? Values.text(pm.get("host_ip"), r, ip + ".host_ip") : null;
        if (target == null) {
            r.error(DiagnosticCode.KEY_013, ip, pm, "a long-form port needs target: <container port>");
            return;
        }
        String spec = (hostIp == null || hostIp.isEmpty() ? "" : hostIp + ":")
                + (published == null || published.isEmpty() ? "" : published + ":") + target + "/" + protocol;
        shortPort(spec, ip, pm, false, out);
    }

    /** {@code [[ip:]host[-range]:]container[-range][/protocol]}; ranges expand to one mapping per port. */
    private void shortPort(String t, String ip, YNode at, boolean expose, List<PortMapping> out) {
        String spec = t;
        PortMapping.Protocol protocol = PortMapping.Protocol.TCP;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            try {
                protocol = PortMapping.Protocol.parse(spec.substring(slash + 1));
            } catch (AcsException ex) {
                r.error(DiagnosticCode.KEY_013, ip, at, "port '" + t + "': " + ex.getMessage());
                return;
            }
            spec = spec.substring(0, slash);
        }
        int last = spec.lastIndexOf(':');
        String container = last < 0 ? spec : spec.substring(last + 1);
        String host = "";
        String hostIp = null;
        if (last >= 0) {
            String before = spec.substring(0, last);
            int c = before.lastIndexOf(':');
            host = c < 0 ? before : before.substring(c + 1);
            hostIp = c < 0 ? null : before.substring(0, c);
            if (expose) {
                r.error(DiagnosticCode.KEY_013, ip, at, "expose '" + t + "' takes container ports only: move it to ports");
                return;
            }
        }
        int[] cr = range(container);
        int[] hr = host.isEmpty() ? null : range(host);
        if (cr == null || (!host.isEmpty() && hr == null)) {
            r.error(DiagnosticCode.KEY_013, ip, at, "port '" + t + "' is not [[ip:]host:]container[/protocol] with ports in"
                    + " 1-65535 (ranges as 8000-8010)");
            return;
        }
        int count = cr[1] - cr[0] + 1;
        if (hr != null && hr[1] - hr[0] + 1 != count) {
            r.error(DiagnosticCode.KEY_013, ip, at, "port '" + t + "': the host range and the container range must have"
                    + " the same length");
            return;
        }
        if (count > options.maxPortsPerRange()) {
            r.error(DiagnosticCode.TPL_013, ip, at, "port '" + t + "' expands to " + count + " ports, more than the limit"
                    + " of " + options.maxPortsPerRange() + " per range: map a shorter range");
            return;
        }
        if (portCount + count > options.maxPorts()) {
            if (!portLimitReported) {
                portLimitReported = true;
                r.error(DiagnosticCode.TPL_014, ip, at, "the template maps more than " + options.maxPorts()
                        + " ports (ranges expanded, extends included): map fewer ports");
            }
            return;
        }
        portCount += count;
        for (int k = 0; k < count; k++) {
            out.add(new PortMapping(hostIp == null || hostIp.isEmpty() ? null : hostIp, hr == null ? 0 : hr[0] + k,
                    cr[0] + k, protocol));
        }
    }

    private static int[] range(String text) {
        Matcher m = PORT.matcher(text);
        if (!m.matches() || text.length() > 11) {
            return null;
        }
        int a = Integer.parseInt(m.group(1));
        int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
        if (a < 1 || b > 65535 || b < a) {
            return null;
        }
        return new int[] {a, b};
    }
}

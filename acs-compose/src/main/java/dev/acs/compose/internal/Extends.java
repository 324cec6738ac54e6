package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves same-file {@code extends} ({@code spec/compose-dialect.md} §2.2): the base service's keys are copied
 * under the extending service's own. Mappings merge one level deep (the extending service wins); {@code ports},
 * {@code expose}, {@code volumes}, {@code dns}, {@code links} and similar lists are concatenated; anything else is
 * replaced. {@code extends} with {@code file:}, of an unknown service, or in a cycle is {@code KEY-014}.
 */
final class Extends {
    private static final Set<String> CONCATENATED = Set.of("ports", "expose", "volumes", "dns", "dns_search",
            "dns_options", "links", "external_links", "extra_hosts", "cap_add", "cap_drop", "devices", "volumes_from");

    private Extends() {
    }

    /** Each service name mapped to its effective definition; services that are not mappings are left out. */
    static Map<String, YNode.YMap> resolve(YNode.YMap services, String base, Reporter r) {
        Map<String, YNode.YMap> out = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : services.entries()) {
            if (e.value() instanceof YNode.YMap m) {
                YNode.YMap eff = effective(e.key(), m, services, base, r, new HashSet<>());
                out.put(e.key(), eff == null ? m : eff);
            }
        }
        return out;
    }

    private static YNode.YMap effective(String name, YNode.YMap m, YNode.YMap services, String base, Reporter r,
                                        Set<String> seen) {
        YNode.YMap.Entry ext = m.entry("extends");
        if (ext == null) {
            return m;
        }
        String p = base + name + ".extends";
        if (!seen.add(name)) {
            r.error(DiagnosticCode.KEY_014, p, ext, "extends forms a cycle through '" + name + "': break it");
            return null;
        }
        String parent;
        if (ext.value() instanceof YNode.YScalar s) {
            parent = s.value();
        } else if (ext.value() instanceof YNode.YMap em) {
            if (em.has("file")) {
                r.error(DiagnosticCode.KEY_014, p, ext, "extends from another file is not supported: a template is one"
                        + " document; copy the base service into this file");
                return null;
            }
            parent = em.has("service") ? Values.text(em.get("service"), r, p + ".service") : null;
        } else {
            parent = null;
        }
        YNode base0 = parent == null ? null : services.get(parent);
        if (!(base0 instanceof YNode.YMap pm)) {
            r.error(DiagnosticCode.KEY_014, p, ext, "extends needs the name of another service of this file"
                    + (parent == null ? "" : "; '" + parent + "' is not one" + Suggest.didYouMean(parent,
                    services.entries().stream().map(YNode.YMap.Entry::key).toList())));
            return null;
        }
        YNode.YMap parentEff = effective(parent, pm, services, base, r, seen);
        if (parentEff == null) {
            return null;
        }
        YNode.YMap merged = new YNode.YMap(m.line(), m.column());
        for (YNode.YMap.Entry own : m.entries()) {
            if (own.key().equals("extends")) {
                continue;
            }
            YNode inherited = parentEff.get(own.key());
            merged.put(new YNode.YMap.Entry(own.key(), own.keyLine(), own.keyColumn(),
                    combine(own.key(), inherited, own.value())));
        }
        for (YNode.YMap.Entry inherited : parentEff.entries()) {
            if (!inherited.key().equals("extends")) {
                merged.putIfAbsent(inherited);
            }
        }
        return merged;
    }

    private static YNode combine(String key, YNode inherited, YNode own) {
        if (inherited instanceof YNode.YMap im && own instanceof YNode.YMap om) {
            YNode.YMap out = new YNode.YMap(om.line(), om.column());
            om.entries().forEach(out::put);
            im.entries().forEach(out::putIfAbsent);
            return out;
        }
        if (inherited instanceof YNode.YSeq is && own instanceof YNode.YSeq os && CONCATENATED.contains(key)) {
            List<YNode> items = new java.util.ArrayList<>(is.items());
            items.addAll(os.items());
            return new YNode.YSeq(items, os.line(), os.column());
        }
        return own;
    }
}

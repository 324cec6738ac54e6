package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves same-file {@code extends} ({@code spec/compose-dialect.md} §2.2): the base service's keys are copied
 * under the extending service's own. Mappings merge one level deep (the extending service wins); {@code ports},
 * {@code expose}, {@code volumes}, {@code dns}, {@code links} and similar lists are concatenated; anything else is
 * replaced. {@code extends} with {@code file:} takes the service from another file through a {@link FileLoader} (the
 * template reader's: not under the classic profile). An unknown service, a file that cannot be read, or a cycle is
 * {@code KEY-014}.
 */
final class Extends {
    private static final Set<String> CONCATENATED = Set.of("ports", "expose", "volumes", "dns", "dns_search",
            "dns_options", "links", "external_links", "extra_hosts", "cap_add", "cap_drop", "devices", "volumes_from");

    private Extends() {
    }

    /** Reads a service of another file for {@code extends: {file, service}}. */
    @FunctionalInterface
    interface FileLoader {
        /**
         * The effective definition of {@code service} in {@code file}, or {@code null} after telling {@code problem}
         * why there is none.
         */
        YNode.YMap service(String file, String service, java.util.function.Consumer<String> problem);
    }

    /** A loader for templates read without other files: every {@code extends} with {@code file:} is refused. */
    static final FileLoader NO_FILES = (file, service, problem) -> {
        problem.accept("extends from another file is not supported here: copy the base service into this file");
        return null;
    };

    /** {@link #resolve(YNode.YMap, String, Reporter, int, FileLoader)} without other files. */
    static Map<String, YNode.YMap> resolve(YNode.YMap services, String base, Reporter r, int maxDepth) {
        return resolve(services, base, r, maxDepth, NO_FILES);
    }

    /**
     * Each service name mapped to its effective definition; services that are not mappings are left out, and a
     * service whose {@code extends} cannot be resolved keeps its own definition (after a diagnostic). Resolution is
     * iterative and memoized: every service is resolved once, so long chains and cycles cost linear time and no
     * stack; a chain longer than {@code maxDepth} is {@code TPL-016}.
     */
    static Map<String, YNode.YMap> resolve(YNode.YMap services, String base, Reporter r, int maxDepth,
                                           FileLoader files) {
        Resolution res = new Resolution(services, base, r, maxDepth, files);
        Map<String, YNode.YMap> out = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : services.entries()) {
            if (e.value() instanceof YNode.YMap m) {
                YNode.YMap eff = res.effective(e.key());
                out.put(e.key(), eff == null ? m : eff);
            }
        }
        return out;
    }

    /** The state of one resolution: effective definitions and chain depths of the services resolved so far. */
    private static final class Resolution {
        private final YNode.YMap services;
        private final String base;
        private final Reporter r;
        private final int maxDepth;
        private final Map<String, YNode.YMap> effective = new HashMap<>();
        private final Map<String, Integer> depth = new HashMap<>();
        private final Set<String> failed = new HashSet<>();
        private final FileLoader files;

        Resolution(YNode.YMap services, String base, Reporter r, int maxDepth, FileLoader files) {
            this.files = files;
            this.services = services;
            this.base = base;
            this.r = r;
            this.maxDepth = maxDepth;
        }

        /** The effective definition of a service that is a mapping, or {@code null} when it cannot be resolved. */
        YNode.YMap effective(String name) {
            List<String> chain = new ArrayList<>();
            Map<String, String> parents = new HashMap<>();
            String cur = name;
            while (cur != null && !effective.containsKey(cur) && !failed.contains(cur)) {
                YNode.YMap m = (YNode.YMap) services.get(cur);
                YNode.YMap.Entry ext = m.entry("extends");
                if (ext == null) {
                    effective.put(cur, m);
                    depth.put(cur, 0);
                    break;
                }
                if (parents.containsKey(cur)) {
                    r.error(DiagnosticCode.KEY_014, base + cur + ".extends", ext, "extends forms a cycle through '"
                            + cur + "': break it");
                    failed.addAll(chain);
                    return null;
                }
                chain.add(cur);
                String parent = parent(cur, ext);
                parents.put(cur, parent);
                if (parent == null) {
                    failed.add(cur);
                }
                cur = parent;
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                String child = chain.get(i);
                String parent = parents.get(child);
                if (parent == null || failed.contains(parent)) {
                    failed.add(child);
                    continue;
                }
                YNode.YMap m = (YNode.YMap) services.get(child);
                int d = depth.get(parent) + 1;
                if (d > maxDepth) {
                    r.error(DiagnosticCode.TPL_016, base + child + ".extends", m.entry("extends"), "the extends chain"
                            + " of '" + child + "' is longer than the limit of " + maxDepth + ": shorten it");
                    failed.add(child);
                    continue;
                }
                effective.put(child, merge(m, effective.get(parent)));
                depth.put(child, d);
            }
            return effective.get(name);
        }

        /** The name of the service that {@code name} extends, or {@code null} after reporting why there is none. */
        private String parent(String name, YNode.YMap.Entry ext) {
            String p = base + name + ".extends";
            String parent = null;
            if (ext.value() instanceof YNode.YScalar s) {
                parent = s.value();
            } else if (ext.value() instanceof YNode.YMap em) {
                parent = em.has("service") ? Values.text(em.get("service"), r, p + ".service") : null;
                if (em.has("file")) {
                    return fromFile(p, ext, Values.text(em.get("file"), r, p + ".file"), parent);
                }
            }
            if (parent == null || !(services.get(parent) instanceof YNode.YMap)) {
                r.error(DiagnosticCode.KEY_014, p, ext, "extends needs the name of another service of this file"
                        + (parent == null ? "" : "; '" + parent + "' is not one" + r.didYouMean(parent,
                        services.entries().stream().map(YNode.YMap.Entry::key).toList())));
                return null;
            }
            return parent;
        }

        /**
         * The name under which the service of another file is kept among the effective definitions (no service of this
         * file can have it), or {@code null} after reporting.
         */
        private String fromFile(String p, YNode.YMap.Entry ext, String file, String service) {
            if (file == null || service == null) {
                r.error(DiagnosticCode.KEY_014, p, ext, "extends with file needs file: and service:");
                return null;
            }
            String key = "\u0000" + file + "#" + service;
            if (!effective.containsKey(key)) {
                YNode.YMap other = files.service(file, service, problem -> r.error(DiagnosticCode.KEY_014, p, ext, problem));
                if (other == null) {
                    return null;
                }
                effective.put(key, other);
                depth.put(key, 0);
            }
            return key;
        }
    }

    private static YNode.YMap merge(YNode.YMap m, YNode.YMap parentEff) {
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
            List<YNode> items = new ArrayList<>(is.items());
            items.addAll(os.items());
            return new YNode.YSeq(items, os.line(), os.column());
        }
        return own;
    }
}

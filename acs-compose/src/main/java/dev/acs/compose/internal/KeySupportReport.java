package dev.acs.compose.internal;

import dev.acs.compose.DiagnosticCode;
import dev.acs.compose.KeySupport;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.TargetRuntime;

/** Reports, by the {@link KeySupport} table, a key the target runtime (or, without one, every runtime) cannot apply. */
final class KeySupportReport {
    private KeySupportReport() {
    }

    /** Warns {@code KEY-020} at the key when the table says the runtime does not apply it under the profile. */
    static void report(String key, String path, YNode.YMap.Entry at, ParseOptions options, Reporter r) {
        KeySupport.Entry entry = KeySupport.entry(key);
        if (entry == null || entry.errorIn().contains(options.profile()) || entry.ignoredIn().contains(options.profile())) {
            // unknown keys and keys the parser refuses or ignores are reported by the parser itself
            return;
        }
        TargetRuntime runtime = options.runtime();
        if (runtime != null && !entry.appliedBy().contains(runtime)) {
            r.warn(DiagnosticCode.KEY_020, path, at, "'" + key + "' is not applied by the " + runtime.id()
                    + " runtime: " + entry.note());
        } else if (runtime == null && entry.appliedBy().isEmpty()) {
            r.warn(DiagnosticCode.KEY_020, path, at, "'" + key + "' is not applied by any runtime: " + entry.note());
        }
    }
}

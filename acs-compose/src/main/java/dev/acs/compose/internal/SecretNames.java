package dev.acs.compose.internal;

import java.util.List;
import java.util.Locale;

/**
 * Which variable and environment names hold secrets, so that diagnostics never show their values. A name is secret
 * when, upper-cased, it contains {@code PASSWORD}, {@code PASSWD}, {@code SECRET}, {@code TOKEN}, {@code KEY},
 * {@code CREDENTIAL} or {@code PRIVATE} ({@code DB_PASSWORD}, {@code api_key}, {@code GITHUB_TOKEN} ...).
 *
 * <p>This is the one place the template reader asks; it is meant to follow the core's notion of a secret value once
 * there is one, by repointing {@link #isSecret(String)}.
 */
final class SecretNames {
    private static final List<String> MARKERS = List.of("PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL",
            "PRIVATE");

    private SecretNames() {
    }

    /** Whether values of a variable or environment entry with this name are secret. */
    static boolean isSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String m : MARKERS) {
            if (upper.contains(m)) {
                return true;
            }
        }
        return false;
    }
}

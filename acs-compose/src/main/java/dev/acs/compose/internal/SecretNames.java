package dev.acs.compose.internal;

import java.util.List;
import java.util.Locale;

/**
 * Which variable and environment names hold secrets, so that diagnostics never show their values. A name is secret
 * when, upper-cased and with {@code -} and {@code .} read as {@code _}, it contains {@code PASSWORD}, {@code PASSWD},
 * {@code PASSPHRASE}, {@code SECRET}, {@code TOKEN}, {@code CREDENTIAL}, {@code PRIVATE_KEY}, {@code ACCESS_KEY},
 * {@code ACCESSKEY}, {@code API_KEY} or {@code APIKEY} ({@code DB_PASSWORD}, {@code db.password},
 * {@code api-key}, {@code GITHUB_TOKEN} ...): the core's default secret-name patterns.
 *
 * <p>This is the one place the template reader asks; once the core's secret policy is available to this module,
 * {@link #isSecret(String)} is meant to delegate to it (so that names a host marks count too).
 */
final class SecretNames {
    private static final List<String> MARKERS = List.of("PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN",
            "CREDENTIAL", "PRIVATE_KEY", "ACCESS_KEY", "ACCESSKEY", "API_KEY", "APIKEY");

    private SecretNames() {
    }

    /** Whether values of a variable or environment entry with this name are secret. */
    static boolean isSecret(String name) {
        String normal = name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
        for (String m : MARKERS) {
            if (normal.contains(m)) {
                return true;
            }
        }
        return false;
    }
}

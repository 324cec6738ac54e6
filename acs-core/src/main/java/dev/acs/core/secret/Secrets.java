package dev.acs.core.secret;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-wide secret policy and the masking helpers the SDK calls wherever a value may be printed:
 * {@code toString()} of the model's records ({@code ServiceSpec}, {@code AppSpec}, {@code Application}), events,
 * exception messages, diagnostics and log lines.
 *
 * <p>The policy starts as {@link SecretPolicy#defaults()}. A host that has more secrets (its own naming scheme,
 * configuration-set items it declares secret, values it knows) installs a wider policy once at start-up:
 * <pre>{@code
 * Secrets.use(SecretPolicy.defaults()
 *         .withNamePatterns(List.of("*_PWD"))
 *         .withSecretNames(List.of("db_url"))
 *         .withSecretValues(List.of(System.getenv("DEPLOY_KEY"))));
 * }</pre>
 * Code that knows more secrets for a while (a template loader with its variables) derives a local policy with
 * {@code Secrets.policy().withSecretValuesOf(variables)} instead of widening the global one.
 */
public final class Secrets {
    /** What a masked value prints as. */
    public static final String MASK = "******";

    private static final AtomicReference<SecretPolicy> POLICY = new AtomicReference<>(SecretPolicy.defaults());

    private Secrets() {
    }

    /** The policy in force. */
    public static SecretPolicy policy() {
        return POLICY.get();
    }

    /**
     * Installs the process-wide policy.
     *
     * @return the policy it replaces
     */
    public static SecretPolicy use(SecretPolicy policy) {
        return POLICY.getAndSet(Objects.requireNonNull(policy, "policy"));
    }

    /** Whether a value of that name is a secret by the policy in force. */
    public static boolean isSecretName(String name) {
        return policy().isSecretName(name);
    }

    /** {@code entries} with secret values masked by the policy in force (see {@link SecretPolicy#mask(Map)}). */
    public static Map<String, String> mask(Map<String, String> entries) {
        return policy().mask(entries);
    }

    /** {@code text} with the marked values of the policy in force masked (see {@link SecretPolicy#redact}). */
    public static String redact(String text) {
        return policy().redact(text);
    }
}

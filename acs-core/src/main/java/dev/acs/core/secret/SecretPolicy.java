package dev.acs.core.secret;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which values are secrets. Immutable: every {@code with…} method returns a new policy.
 *
 * <p>A value is a secret when
 * <ul>
 *   <li>its <b>name</b> matches one of the name patterns: globs ({@code *} any run of characters, {@code ?} one
 *       character) matched case-insensitively against the whole name, after {@code -} and {@code .} are read as
 *       {@code _} (so {@code db.password}, {@code Db-Password} and {@code DB_PASSWORD} all match
 *       {@code *PASSWORD*}); {@link #defaults()} holds {@code *PASSWORD*}, {@code *PASSWD*}, {@code *PASSPHRASE*},
 *       {@code *SECRET*}, {@code *TOKEN*}, {@code *CREDENTIAL*}, {@code *PRIVATE_KEY*}, {@code *ACCESS_KEY*},
 *       {@code *ACCESSKEY*}, {@code *API_KEY*} and {@code *APIKEY*};</li>
 *   <li>its name is one the host marked by {@link #withSecretNames} (e.g. the items of a configuration set the
 *       host declares secret), matched exactly;</li>
 *   <li>or the <b>value</b> itself was marked by {@link #withSecretValues}: such a value is masked wherever it
 *       appears in free text ({@link #redact(String)}), e.g. once substituted into a template and echoed by a
 *       diagnostic. Values shorter than {@link #MIN_REDACTED_LENGTH} characters are masked when they are a whole
 *       named value but not searched for inside text (every {@code "1"} of a message would go).</li>
 * </ul>
 * Masking replaces the whole value with {@link Secrets#MASK}; nothing of its length or content is shown.
 */
public final class SecretPolicy {
    /** The shortest marked value {@link #redact(String)} searches for inside free text. */
    public static final int MIN_REDACTED_LENGTH = 4;

    private static final List<String> DEFAULT_PATTERNS = List.of("*PASSWORD*", "*PASSWD*", "*PASSPHRASE*",
            "*SECRET*", "*TOKEN*", "*CREDENTIAL*", "*PRIVATE_KEY*", "*ACCESS_KEY*", "*ACCESSKEY*", "*API_KEY*",
            "*APIKEY*");
    private static final SecretPolicy DEFAULTS = new SecretPolicy(DEFAULT_PATTERNS, Set.of(), Set.of());
    private static final SecretPolicy NONE = new SecretPolicy(List.of(), Set.of(), Set.of());

    private final List<String> patterns;
    /** The patterns, normalized once. */
    private final List<String> normalizedPatterns;
    private final Set<String> names;
    private final Set<String> values;
    /** Marked values long enough to search for, longest first so a value containing another is masked whole. */
    private final List<String> searched;
    /**
     * {@link #isSecretName}'s answers so far (the policy is immutable, so they never change), for the few names that
     * come again and again (event attributes, common variables); bounded, beyond it names are matched every time.
     */
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();
    private static final int MAX_VERDICTS = 4096;

    private SecretPolicy(Collection<String> patterns, Collection<String> names, Collection<String> values) {
        this.patterns = List.copyOf(new LinkedHashSet<>(patterns));
        this.names = Set.copyOf(names);
        this.values = Set.copyOf(values);
        this.normalizedPatterns = this.patterns.stream().map(SecretPolicy::normalized).toList();
        this.searched = this.values.stream().filter(v -> v.length() >= MIN_REDACTED_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** The built-in name patterns (see the class description), no marked names or values. */
    public static SecretPolicy defaults() {
        return DEFAULTS;
    }

    /** A policy that treats nothing as a secret (for tests and hosts that mask elsewhere). */
    public static SecretPolicy none() {
        return NONE;
    }

    /**
     * This policy with more name patterns.
     *
     * @param globs patterns such as {@code *_PWD} or {@code MYSQL_*}; blank ones are ignored
     */
    public SecretPolicy withNamePatterns(Collection<String> globs) {
        List<String> all = new ArrayList<>(patterns);
        for (String g : Objects.requireNonNull(globs, "globs")) {
            if (g != null && !g.isBlank()) {
                all.add(g.strip());
            }
        }
        return new SecretPolicy(all, names, values);
    }

    /**
     * This policy with more names the host marks as secret (e.g. the items of a configuration set it declares
     * secret), matched exactly (case-sensitive).
     */
    public SecretPolicy withSecretNames(Collection<String> secretNames) {
        Set<String> all = new LinkedHashSet<>(names);
        Objects.requireNonNull(secretNames, "secretNames").stream().filter(Objects::nonNull).forEach(all::add);
        return new SecretPolicy(patterns, all, values);
    }

    /**
     * This policy with more values marked as secret: they are masked wherever they are a named value and, when at
     * least {@link #MIN_REDACTED_LENGTH} characters long, wherever they appear in text given to {@link #redact}.
     * Empty values are ignored.
     */
    public SecretPolicy withSecretValues(Collection<String> secretValues) {
        Set<String> all = new LinkedHashSet<>(values);
        Objects.requireNonNull(secretValues, "secretValues").stream()
                .filter(v -> v != null && !v.isEmpty()).forEach(all::add);
        return new SecretPolicy(patterns, names, all);
    }

    /**
     * This policy with the values of {@code variables} whose names are secrets (by this policy) marked as secret
     * values: what a template loader calls before substituting variables, so diagnostics that quote a substituted
     * value mask it.
     */
    public SecretPolicy withSecretValuesOf(Map<String, String> variables) {
        List<String> found = new ArrayList<>();
        Objects.requireNonNull(variables, "variables").forEach((k, v) -> {
            if (v != null && isSecretName(k)) {
                found.add(v);
            }
        });
        return found.isEmpty() ? this : withSecretValues(found);
    }

    /** The name patterns, in the order given. */
    public List<String> namePatterns() {
        return patterns;
    }

    /** The names the host marked. */
    public Set<String> secretNames() {
        return names;
    }

    /** Whether a value named {@code name} (an environment variable, a configuration item, a label) is a secret. */
    public boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        Boolean known = verdicts.get(name);
        if (known != null) {
            return known;
        }
        boolean secret = matchesName(name);
        if (verdicts.size() < MAX_VERDICTS) {
            verdicts.put(name, secret);
        }
        return secret;
    }

    private boolean matchesName(String name) {
        if (names.contains(name)) {
            return true;
        }
        String n = normalized(name);
        for (String glob : normalizedPatterns) {
            if (globMatches(glob, n)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} under {@code name} is a secret: by its name or because the value itself was marked. */
    public boolean isSecret(String name, String value) {
        return isSecretName(name) || value != null && values.contains(value);
    }

    /** {@code value}, or {@link Secrets#MASK} when it is a secret by {@link #isSecret}. */
    public String mask(String name, String value) {
        return isSecret(name, value) ? Secrets.MASK : redact(value);
    }

    /**
     * A copy of {@code entries} (in their order) with every secret value replaced by {@link Secrets#MASK} and
     * marked values inside the others redacted; the same map when nothing changes.
     */
    public Map<String, String> mask(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return entries;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String masked = mask(e.getKey(), e.getValue());
            changed |= !Objects.equals(masked, e.getValue());
            out.put(e.getKey(), masked);
        }
        return changed ? java.util.Collections.unmodifiableMap(out) : entries;
    }

    /**
     * {@code text} with every occurrence of a marked value (at least {@link #MIN_REDACTED_LENGTH} characters long)
     * replaced by {@link Secrets#MASK}; {@code null} stays {@code null}.
     */
    public String redact(String text) {
        if (text == null || searched.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : searched) {
            if (out.contains(v)) {
                out = out.replace(v, Secrets.MASK);
            }
        }
        return out;
    }

    private static String normalized(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * Whether {@code glob} ({@code *} any run, {@code ?} one character) matches the whole of {@code text}. Greedy with
     * backtracking to the last {@code *} only, so the time is at most proportional to the product of the lengths
     * (no exponential blow-up on patterns such as {@code *A*A*A*B}, which a regular expression would have).
     */
    static boolean globMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** Lists the patterns and marked names; never the marked values. */
    @Override
    public String toString() {
        return "SecretPolicy[patterns=" + patterns + ", names=" + names + ", values=" + values.size() + " marked]";
    }
}

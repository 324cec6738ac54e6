package dev.acs.core.access;

import dev.acs.core.internal.JsonReader;
import dev.acs.core.internal.JsonReader.Located;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A fine-grained policy in the product's RAM JSON form (API 细粒度鉴权, {@code spec/lifecycle.md} §23):
 *
 * <pre>{@code
 * {"Version": "1", "Statement": [
 *   {"Effect": "Allow", "Action": "cs:*",             "Resource": "acs:cs:*:*:cluster/c-1"},
 *   {"Effect": "Deny",  "Action": "cs:DeleteCluster", "Resource": ["acs:cs:*:*:cluster/*"]}]}
 * }</pre>
 *
 * <p>{@code Action} and {@code Resource} take one string or a list; {@code *} matches any run of characters and
 * {@code ?} one, actions ignore case (as RAM's do), resources do not. An action without a wildcard must be one of
 * {@link CsAction}'s. {@code Condition}, {@code NotAction}, {@code NotResource} and {@code Principal} are not supported
 * and are refused rather than ignored. Errors are {@code INVALID_ARGUMENT} naming the statement and field (and the
 * line and column for JSON syntax); details {@code path}, {@code line}, {@code column}.
 *
 * @param name       the policy's name (for messages and for detaching it)
 * @param statements the statements, in document order
 */
public record Policy(String name, List<Statement> statements) {
    private static final Set<String> TOP = Set.of("Version", "Statement");
    private static final Set<String> STATEMENT = Set.of("Effect", "Action", "Resource");

    /** Allow or Deny. */
    public enum Effect {
        /** Allows what the statement matches, unless a Deny matches too. */
        ALLOW,
        /** Refuses what the statement matches, whatever allows it elsewhere. */
        DENY
    }

    /**
     * One statement.
     *
     * @param effect    Allow or Deny
     * @param actions   action patterns, e.g. {@code cs:*}, {@code cs:Describe*}
     * @param resources resource patterns, e.g. {@code acs:cs:*:*:cluster/c-1}
     */
    public record Statement(Effect effect, List<String> actions, List<String> resources) {
        /** Copies the lists; requires at least one action and one resource. */
        public Statement {
            Objects.requireNonNull(effect, "effect");
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
            if (actions.isEmpty() || resources.isEmpty()) {
                throw AcsException.invalidArgument("a statement needs at least one action and one resource");
            }
        }

        /** Whether the statement covers the action (a {@code cs:} name) on the resource. */
        public boolean matches(String action, String resource) {
            return actions.stream().anyMatch(p -> glob(p.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)))
                    && resources.stream().anyMatch(p -> glob(p, resource));
        }
    }

    /** Copies the statements. */
    public Policy {
        Objects.requireNonNull(name, "name");
        statements = List.copyOf(statements);
    }

    /**
     * Parses a policy document.
     *
     * @param name a name for messages and {@link AccessControl#detach}
     * @throws AcsException {@code INVALID_ARGUMENT} naming where the document is wrong
     */
    public static Policy parse(String name, String json) {
        Objects.requireNonNull(json, "json");
        String where = "policy '" + name + "'";
        Located doc = JsonReader.read(where, json);
        Map<String, Located> top = object(where, "", doc);
        unknownKeys(where, "", top, TOP);
        Located version = top.get("Version");
        if (version != null && !"1".equals(version.value())) {
            throw located(where, "Version", version, "must be \"1\"");
        }
        Located st = top.get("Statement");
        if (st == null) {
            throw located(where, "Statement", doc, "is missing: a policy needs a list of statements");
        }
        List<Located> items = st.value() instanceof List<?> ? list(st) : List.of(st);
        if (items.isEmpty()) {
            throw located(where, "Statement", st, "is empty");
        }
        List<Statement> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(statement(where, "Statement[" + i + "]", items.get(i)));
        }
        return new Policy(name, out);
    }

    /** The effect of the first Deny that matches, else of the first Allow, else empty (the policy says nothing). */
    public Optional<Effect> evaluate(String action, String resource) {
        Effect found = null;
        for (Statement s : statements) {
            if (s.matches(action, resource)) {
                if (s.effect() == Effect.DENY) {
                    return Optional.of(Effect.DENY);
                }
                found = Effect.ALLOW;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Statement statement(String where, String path, Located v) {
        Map<String, Located> s = object(where, path, v);
        unknownKeys(where, path + ".", s, STATEMENT);
        Located effect = required(where, path, s, "Effect", v);
        Effect e;
        if ("Allow".equals(effect.value())) {
            e = Effect.ALLOW;
        } else if ("Deny".equals(effect.value())) {
            e = Effect.DENY;
        } else {
            throw located(where, path + ".Effect", effect, "must be \"Allow\" or \"Deny\", got " + effect.value());
        }
        List<String> actions = strings(where, path + ".Action", required(where, path, s, "Action", v));
        for (int i = 0; i < actions.size(); i++) {
            checkAction(where, path + ".Action" + (actions.size() > 1 ? "[" + i + "]" : ""), actions.get(i),
                    s.get("Action"));
        }
        List<String> resources = strings(where, path + ".Resource", required(where, path, s, "Resource", v));
        for (int i = 0; i < resources.size(); i++) {
            String r = resources.get(i);
            if (!r.equals("*") && !r.startsWith("acs:cs:")) {
                throw located(where, path + ".Resource" + (resources.size() > 1 ? "[" + i + "]" : ""),
                        s.get("Resource"), "'" + r + "' is not a Container Service ARN such as acs:cs:*:*:cluster/<id>");
            }
        }
        return new Statement(e, actions, resources);
    }

    private static void checkAction(String where, String path, String action, Located at) {
        if (action.equals("*")) {
            return;
        }
        if (!action.regionMatches(true, 0, "cs:", 0, 3)) {
            throw located(where, path, at, "'" + action + "' is not a Container Service action (cs:<Name>)");
        }
        if (action.indexOf('*') < 0 && action.indexOf('?') < 0 && CsAction.byRamName(action).isEmpty()) {
            throw located(where, path, at, "unknown action '" + action + "'");
        }
    }

    private static Located required(String where, String path, Map<String, Located> s, String key, Located owner) {
        Located v = s.get(key);
        if (v == null) {
            throw located(where, path + "." + key, owner, "is missing");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Located> object(String where, String path, Located v) {
        if (!(v.value() instanceof Map<?, ?>)) {
            throw located(where, path.isEmpty() ? "(document)" : path, v, "must be a JSON object");
        }
        return (Map<String, Located>) v.value();
    }

    @SuppressWarnings("unchecked")
    private static List<Located> list(Located v) {
        return (List<Located>) v.value();
    }

    private static List<String> strings(String where, String path, Located v) {
        List<Located> items = v.value() instanceof List<?> ? list(v) : List.of(v);
        if (items.isEmpty()) {
            throw located(where, path, v, "is empty");
        }
        List<String> out = new ArrayList<>();
        for (Located item : items) {
            if (!(item.value() instanceof String s) || s.isBlank()) {
                throw located(where, path, item, "must be a non-empty string or a list of them");
            }
            out.add(s);
        }
        return out;
    }

    private static void unknownKeys(String where, String prefix, Map<String, Located> members, Set<String> known) {
        for (Map.Entry<String, Located> m : members.entrySet()) {
            if (!known.contains(m.getKey())) {
                throw located(where, prefix + m.getKey(), m.getValue(), "is not supported (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static AcsException located(String where, String path, Located at, String what) {
        return new AcsException(ErrorCode.INVALID_ARGUMENT, where + ": " + path + " (line " + at.line() + ", column "
                + at.column() + ") " + what, Map.of("path", path, "line", Integer.toString(at.line()), "column",
                Integer.toString(at.column())), null);
    }

    /** Wildcard match: {@code *} any run of characters, {@code ?} one (iterative, no regular expression). */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}

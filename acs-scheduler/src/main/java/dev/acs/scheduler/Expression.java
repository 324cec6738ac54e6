package dev.acs.scheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The value side of a placement rule with classic Swarm's matching rules ({@code filter/expr.go}): a value between
 * slashes is an unanchored regular expression; any other value is an anchored pattern in which {@code *} stands for
 * any text and the other regular-expression characters keep their meaning (which is why the value set
 * {@code (1|2|3)} works as an alternation). A value without any pattern character is compared literally, which is
 * the same result, only faster.
 *
 * <p>Instances belong to one scheduling call and memoise the outcome per subject string; they are not thread-safe.
 */
final class Expression {
    private static final String PATTERN_CHARS = ".*?+[](){}|\\^$";

    private final String source;
    private final String literal;
    private final Pattern pattern;
    private final boolean unanchored;
    private final String error;
    private final Map<String, Boolean> memo = new HashMap<>();

    private Expression(String source, String literal, Pattern pattern, boolean unanchored, String error) {
        this.source = source;
        this.literal = literal;
        this.pattern = pattern;
        this.unanchored = unanchored;
        this.error = error;
    }

    /** Compiles a rule value; an invalid regular expression gives an expression whose {@link #error()} says why. */
    static Expression compile(String value) {
        boolean regex = value.length() >= 2 && value.startsWith("/") && value.endsWith("/");
        String body = regex ? value.substring(1, value.length() - 1) : value;
        if (!regex && body.chars().noneMatch(c -> PATTERN_CHARS.indexOf(c) >= 0)) {
            return new Expression(value, body, null, false, null);
        }
        String regexText = regex ? body : "^" + body.replace("*", ".*") + "$";
        try {
            return new Expression(value, null, Pattern.compile(regexText), regex, null);
        } catch (PatternSyntaxException e) {
            return new Expression(value, null, null, false,
                    "'" + value + "' is not a valid expression (" + e.getDescription() + "): write a literal, a glob"
                            + " such as node-*, a set such as (1|2|3) or a regular expression between slashes");
        }
    }

    /** Whether the value is compared literally; then {@link #literal()} is the text. */
    boolean isLiteral() {
        return literal != null;
    }

    /** The literal text, or {@code null} for a pattern. */
    String literal() {
        return literal;
    }

    /** Why the value cannot be used, or {@code null} when it can. */
    String error() {
        return error;
    }

    /** Whether one subject string matches. */
    boolean matches(String subject) {
        if (literal != null) {
            return literal.equals(subject);
        }
        if (pattern == null) {
            return false;
        }
        return memo.computeIfAbsent(subject, s -> unanchored ? pattern.matcher(s).find() : pattern.matcher(s).matches());
    }

    @Override
    public String toString() {
        return source;
    }
}

package dev.acs.core.model;

import dev.acs.core.error.AcsException;

/**
 * One scheduler directive of a service, as written in its {@code environment} ({@code spec/compose-dialect.md} §4):
 * {@code constraint:<key><op><value>}, {@code affinity:<key><op><value>} or {@code availability:az<op><N>}.
 * The value keeps the Swarm expression syntax: an anchored glob ({@code node-*}), an unanchored regular
 * expression between slashes ({@code /^web[0-9]+$/}), or a value set {@code (1|2|3)}; the scheduler gives it
 * meaning. A soft rule ({@code ==~}, {@code !=~}, and {@code az=~N}) is a preference: the scheduler first tries
 * with every soft rule enforced, then with all of them ignored.
 *
 * <p>A {@link Kind#SPREAD spread} rule comes from a Compose placement preference
 * ({@code deploy.placement.preferences: [spread: node.labels.rack]}); it is always soft, has no environment form, and
 * its key is the node label whose values the service's containers are spread over.
 *
 * @param kind     what the rule is about
 * @param key      the subject: a node attribute or label ({@code aliyun.node_index}, {@code node}, {@code group}...),
 *                 for affinity {@code service}, {@code image}, {@code container} or a container label; {@code az}
 *                 for availability
 * @param operator equality or inequality
 * @param value    the expression; for availability the number of zones as decimal text
 * @param soft     a preference rather than a requirement
 */
public record PlacementRule(Kind kind, String key, Operator operator, String value, boolean soft) {

    /** Kinds of placement rule. */
    public enum Kind {
        /** {@code constraint:} on node attributes and labels. */
        CONSTRAINT,
        /** {@code affinity:} to services, images or containers already on a node. */
        AFFINITY,
        /** {@code availability:az}: spread over at least N zones. */
        AVAILABILITY_ZONE,
        /**
         * A spread preference over the values of a node label ({@code spread: node.labels.<key>}): each container goes
         * to a node whose label value holds the fewest of the service's containers, when such a node can take it.
         */
        SPREAD
    }

    /** Comparison operators. */
    public enum Operator {
        /** {@code ==} */
        EQ("=="),
        /** {@code !=} */
        NE("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** {@code ==} or {@code !=}. */
        public String symbol() {
            return symbol;
        }
    }

    /** Checks the parts. */
    public PlacementRule {
        if (kind == null || operator == null) {
            throw AcsException.invalidArgument("a placement rule needs a kind and an operator");
        }
        if (key == null || key.isBlank()) {
            throw AcsException.invalidArgument("a placement rule needs a key, e.g. constraint:group==1");
        }
        if (value == null) {
            throw AcsException.invalidArgument("placement rule '" + key + "' has no value");
        }
        if (kind == Kind.SPREAD && (!soft || operator != Operator.EQ || !value.isEmpty())) {
            throw AcsException.invalidArgument("a spread preference is soft, with '==' and no value: use"
                    + " PlacementRule.spread(\"" + key + "\")");
        }
        if (kind == Kind.AVAILABILITY_ZONE) {
            if (operator != Operator.EQ || !value.matches("[1-9][0-9]{0,3}")) {
                throw AcsException.invalidArgument("availability:az needs '==N' or '=~N' with N a positive zone count, got '"
                        + operator.symbol() + value + "'");
            }
        }
    }

    /** A hard {@code constraint:key==value}. */
    public static PlacementRule constraint(String key, String value) {
        return new PlacementRule(Kind.CONSTRAINT, key, Operator.EQ, value, false);
    }

    /** A hard {@code availability:az==zones}. */
    public static PlacementRule zones(int zones) {
        return new PlacementRule(Kind.AVAILABILITY_ZONE, "az", Operator.EQ, Integer.toString(zones), false);
    }

    /** A spread preference over the values of node label {@code labelKey} ({@code spread: node.labels.labelKey}). */
    public static PlacementRule spread(String labelKey) {
        return new PlacementRule(Kind.SPREAD, labelKey, Operator.EQ, "", true);
    }

    /** For {@link Kind#AVAILABILITY_ZONE}: the number of zones. */
    public int zoneCount() {
        if (kind != Kind.AVAILABILITY_ZONE) {
            throw new IllegalStateException("not an availability rule: " + this);
        }
        return Integer.parseInt(value);
    }

    /**
     * The directive as written in an environment: {@code constraint:group==~1}, {@code availability:az==2}; a spread
     * preference, which has no environment form, as its Compose form {@code spread: node.labels.rack}.
     */
    public String toDirective() {
        String prefix = switch (kind) {
            case CONSTRAINT -> "constraint:";
            case AFFINITY -> "affinity:";
            case AVAILABILITY_ZONE -> "availability:";
            case SPREAD -> null;
        };
        if (prefix == null) {
            return "spread: node.labels." + key;
        }
        return prefix + key + operator.symbol() + (soft ? "~" : "") + value;
    }

    @Override
    public String toString() {
        return toDirective();
    }
}

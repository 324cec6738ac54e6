package dev.acs.core.access;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.Authorizer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SDK's {@link Authorizer}: per-cluster grants (资源分配鉴权) and fine-grained RAM policies (API 细粒度鉴权) per
 * principal, as {@code spec/lifecycle.md} §23 defines them. A principal may do an action on a resource when
 *
 * <ol>
 *   <li>no policy of the principal has a matching {@code Deny} statement (an explicit Deny always wins), and</li>
 *   <li>it is an administrator ({@link #administrator(String)}), or one of its policies has a matching {@code Allow},
 *   or it holds a grant on the cluster that covers the action ({@link AccessLevel#covers(CsAction)}).</li>
 * </ol>
 *
 * Everything else is refused (nothing is allowed by default). Grants and policies can change while a control plane
 * runs; every check sees the latest. Safe for concurrent use; a check costs a few map look-ups and string matches.
 *
 * <pre>{@code
 * AccessControl access = AccessControl.create().administrator("ops");
 * access.grant("alice", clusterId, AccessLevel.READ_ONLY);
 * access.attach("ci", Policy.parse("ci", policyJson));
 * ControlPlane cp = ControlPlane.builder()....authorizer(access).principal("ops").build();
 * cp.as("alice").applications().deploy(clusterId, spec);   // allowed: read-only manages applications
 * cp.as("alice").clusters().delete(clusterId);             // UNAUTHORIZED
 * }</pre>
 */
public final class AccessControl implements Authorizer {
    private final Set<String> administrators = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, AccessLevel>> grants = new ConcurrentHashMap<>();
    private final Map<String, List<Policy>> policies = new ConcurrentHashMap<>();

    private AccessControl() {
    }

    /** An access control that allows nothing until grants, policies or administrators are added. */
    public static AccessControl create() {
        return new AccessControl();
    }

    /** Lets {@code principal} do everything (the main account); policies' explicit Denies still apply. */
    public AccessControl administrator(String principal) {
        administrators.add(Objects.requireNonNull(principal, "principal"));
        return this;
    }

    /** Grants {@code principal} a level on one cluster, replacing its previous grant there. */
    public AccessControl grant(String principal, String clusterId, AccessLevel level) {
        Objects.requireNonNull(level, "level");
        requireText(clusterId, "clusterId");
        grants.computeIfAbsent(requireText(principal, "principal"), p -> new ConcurrentHashMap<>()).put(clusterId, level);
        return this;
    }

    /** Removes {@code principal}'s grant on a cluster (nothing happens when it has none). */
    public AccessControl revoke(String principal, String clusterId) {
        Map<String, AccessLevel> g = grants.get(principal);
        if (g != null) {
            g.remove(clusterId);
        }
        return this;
    }

    /** The grants of a principal, by cluster id. */
    public Map<String, AccessLevel> grants(String principal) {
        return Map.copyOf(grants.getOrDefault(principal, Map.of()));
    }

    /**
     * Attaches a policy to a principal, replacing one of the same name.
     */
    public AccessControl attach(String principal, Policy policy) {
        Objects.requireNonNull(policy, "policy");
        List<Policy> list = policies.computeIfAbsent(requireText(principal, "principal"), p -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            list.removeIf(p -> p.name().equals(policy.name()));
            list.add(policy);
        }
        return this;
    }

    /** Detaches the policy of that name from a principal (nothing happens when there is none). */
    public AccessControl detach(String principal, String policyName) {
        List<Policy> list = policies.get(principal);
        if (list != null) {
            synchronized (list) {
                list.removeIf(p -> p.name().equals(policyName));
            }
        }
        return this;
    }

    /** The policies attached to a principal. */
    public List<Policy> policies(String principal) {
        return List.copyOf(policies.getOrDefault(principal, List.of()));
    }

    /** Whether the principal may do the action ({@code cs:} name) on the resource; see the class comment. */
    @Override
    public boolean permits(String principal, String action, String resource) {
        boolean allowed = administrators.contains(principal);
        for (Policy p : policies.getOrDefault(principal, List.of())) {
            Optional<Policy.Effect> e = p.evaluate(action, resource);
            if (e.isPresent()) {
                if (e.get() == Policy.Effect.DENY) {
                    return false;
                }
                allowed = true;
            }
        }
        if (allowed) {
            return true;
        }
        Optional<CsAction> known = CsAction.byRamName(action);
        Optional<String> cluster = CsAction.clusterIdOf(resource);
        if (known.isEmpty() || cluster.isEmpty()) {
            return false;
        }
        AccessLevel level = grants.getOrDefault(principal, Map.of()).get(cluster.get());
        return level != null && level.covers(known.get());
    }

    /** Returns when {@link #permits} allows, else throws {@code UNAUTHORIZED} naming the action and resource. */
    @Override
    public void authorize(String principal, String action, String resource) {
        if (!permits(principal, action, resource)) {
            throw new AcsException(ErrorCode.UNAUTHORIZED, "principal '" + principal + "' may not do " + action + " on "
                    + resource, Map.of("action", action, "resource", resource), null);
        }
    }

    private static String requireText(String v, String what) {
        if (v == null || v.isBlank()) {
            throw AcsException.invalidArgument(what + " must not be empty");
        }
        return v;
    }
}

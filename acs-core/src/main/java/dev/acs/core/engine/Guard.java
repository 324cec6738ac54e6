package dev.acs.core.engine;

import dev.acs.core.access.CsAction;
import dev.acs.core.api.AuditRecord;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Application;
import dev.acs.core.spi.Authorizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The checks of one principal's view of the API: which cluster a call touches (an application's is its cluster), the
 * authorizer's answer, a refusal that names only what the caller named, and the caller of the operation a mutation
 * starts (for the operation log's audit fields).
 *
 * <p>No hints: a refusal for an application the principal cannot see reads the same whether the application exists
 * or not, and names the application, never its cluster; an unknown id is {@code NOT_FOUND} only for a principal that
 * may do the action on every cluster ({@link CsAction#ALL_CLUSTERS}).
 */
final class Guard {
    /** Who made the call that is starting operations on this thread. */
    record Caller(String principal, String action, String resource, String paramsDigest) {
    }

    /** The principal of operations no caller started (reconciler heals, controllers). */
    static final String SYSTEM = "system";
    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();
    /** One SHA-256 per thread, reset before each use (looking one up costs more than the digest of a small call). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private final String principal;
    private final Authorizer authorizer;
    private final ClusterRecords clusters;
    private final AppRecords apps;
    private final OperationLog log;

    Guard(String principal, Authorizer authorizer, ClusterRecords clusters, AppRecords apps, OperationLog log) {
        this.log = log;
        this.principal = principal;
        this.authorizer = authorizer;
        this.clusters = clusters;
        this.apps = apps;
    }

    /** The caller whose call is starting operations on this thread, if any. */
    static Optional<Caller> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    String principal() {
        return principal;
    }

    /** Whether the principal may do the action on the cluster. */
    boolean sees(CsAction action, String clusterId) {
        return authorizer.permits(principal, action.ramName(), CsAction.clusterArn(clusterId));
    }

    /** Refuses unless the principal may do the action on every cluster; returns the resource. */
    String account(CsAction action) {
        if (!authorizer.permits(principal, action.ramName(), CsAction.ALL_CLUSTERS)) {
            throw refused(action, CsAction.ALL_CLUSTERS);
        }
        return CsAction.ALL_CLUSTERS;
    }

    /** Refuses unless the principal may do the action on the cluster; returns the cluster's ARN. */
    String cluster(CsAction action, String clusterId) {
        String arn = CsAction.clusterArn(clusterId);
        if (!authorizer.permits(principal, action.ramName(), arn)) {
            throw audited(action, arn, clusterId, refused(action, arn));
        }
        return arn;
    }

    /** Refuses unless the principal may do the action on the application's cluster; returns that cluster's ARN. */
    String application(CsAction action, String appId) {
        Optional<String> cluster = apps.get(appId).map(Application::clusterId);
        String arn = cluster.map(CsAction::clusterArn).orElse(CsAction.ALL_CLUSTERS);
        if (!authorizer.permits(principal, action.ramName(), arn)) {
            boolean clusterVisible = cluster.isPresent() && sees(CsAction.GET_CLUSTER, cluster.get());
            throw audited(action, arn, appId, refused(action, clusterVisible ? arn + " (application " + appId + ")"
                    : "acs:cs:*:*:application/" + appId));
        }
        return arn;
    }

    /** Whether the principal may see an application (false for an unknown one). */
    boolean seesApplication(CsAction action, String appId) {
        return apps.get(appId).map(a -> sees(action, a.clusterId())).orElse(false);
    }

    /** Whether the principal may read a logged or running operation. */
    boolean seesOperation(AuditRecord r) {
        String arn = r.resource();
        if (arn == null || arn.equals(CsAction.ALL_CLUSTERS)) {
            arn = clusterOfTarget(r.operation().targetId()).map(CsAction::clusterArn).orElse(CsAction.ALL_CLUSTERS);
        }
        return authorizer.permits(principal, CsAction.DESCRIBE_OPERATIONS.ramName(), arn);
    }

    private Optional<String> clusterOfTarget(String targetId) {
        Optional<String> c = clusters.entities().get(dev.acs.core.model.Cluster.class, ClusterRecords.clusterKey(targetId))
                .map(v -> v.value().id());
        return c.isPresent() ? c : apps.get(targetId).map(Application::clusterId);
    }

    /**
     * Runs a mutation as this principal: the operations it starts record who, what, where and a parameter digest; a
     * call refused at once (bad state, bad argument) is recorded in {@code logOwner}'s log as a failed entry.
     *
     * @param logOwner the cluster or application whose log takes a call refused at once; {@code null} for none
     */
    <T> T run(CsAction action, String resource, String logOwner, Supplier<T> body, Object... params) {
        Caller previous = CURRENT.get();
        Caller caller = new Caller(principal, action.ramName(), resource, digest(action, params));
        CURRENT.set(caller);
        try {
            return body.get();
        } catch (AcsException e) {
            if (logOwner != null && clusterOfTarget(logOwner).isPresent()) {
                log.rejected(caller, logOwner, e);
            }
            throw e;
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * Records a refused call, read or write, on an existing cluster or application in its log of refused attempts (an
     * audit trail of attempts that cannot evict the real operations, see {@link OperationLog}); a call on an unknown
     * id has no log to go to and is not recorded.
     */
    private AcsException audited(CsAction action, String resource, String targetId, AcsException refusal) {
        if (clusterOfTarget(targetId).isPresent()) {
            log.rejected(new Caller(principal, action.ramName(), resource, null), targetId, refusal);
        }
        return refusal;
    }

    private AcsException refused(CsAction action, String resource) {
        return new AcsException(ErrorCode.UNAUTHORIZED, "principal '" + principal + "' may not do " + action.ramName()
                + " on " + resource, Map.of("action", action.ramName(), "resource", resource), null);
    }

    /**
     * SHA-256 over the action and the text of every parameter: the log can tell two calls apart (or show them equal)
     * without keeping their values, so secrets in them never reach the log in clear.
     */
    static String digest(CsAction action, Object... params) {
        MessageDigest md = SHA_256.get();
        md.reset();
        md.update(action.ramName().getBytes(StandardCharsets.UTF_8));
        for (Object p : params) {
            md.update((byte) 0);
            md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}

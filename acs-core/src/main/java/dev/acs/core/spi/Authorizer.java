package dev.acs.core.spi;

/**
 * Decides whether a principal may do an action on a resource, in the style of RAM policies: actions such as
 * {@code CreateCluster}, {@code DeleteCluster}, {@code GetClusterCerts}, resources such as
 * {@code acs:cs:*:*:cluster/<id>}. The evaluation of policies is the host's.
 *
 * <p><b>Contract.</b> Returns normally to allow; throws {@link dev.acs.core.error.AcsException} with code
 * {@code UNAUTHORIZED} to refuse. Must be fast and safe for concurrent calls: it runs before every operation.
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Allows or refuses.
     *
     * @param principal who asks (the host's identity string)
     * @param action    the action name
     * @param resource  the resource ARN
     */
    void authorize(String principal, String action, String resource);

    /** An authorizer that allows everything: for embedded single-user hosts and tests. */
    static Authorizer allowAll() {
        return (principal, action, resource) -> { };
    }
}

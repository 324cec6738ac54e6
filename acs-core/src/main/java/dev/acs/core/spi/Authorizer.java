package dev.acs.core.spi;

/**
 * Decides whether a principal may do an action on a resource, in the style of RAM policies: actions are the
 * {@code cs:} names of {@link dev.acs.core.access.CsAction} ({@code cs:CreateCluster}, {@code cs:ScaleService}, ...),
 * resources cluster ARNs {@code acs:cs:*:*:cluster/<id>} (application actions are checked against their cluster's
 * ARN; {@code cs:CreateCluster} against {@code acs:cs:*:*:cluster/*}). {@link dev.acs.core.access.AccessControl} is
 * the SDK's implementation (grants and RAM JSON policies); a host may plug in its own.
 *
 * <p><b>Contract.</b> Returns normally to allow; throws {@link dev.acs.core.error.AcsException} with code
 * {@code UNAUTHORIZED} to refuse. Must be fast and safe for concurrent calls: it runs before every call of the API,
 * reads included, and once per entry of a listing. The control plane never shows the authorizer's message to a caller
 * it refuses (the message could name resources the caller may not see); it says itself what was refused.
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

    /**
     * Whether {@link #authorize} allows: listings use it to leave out what the principal may not see. The default
     * calls {@code authorize} and turns an {@code UNAUTHORIZED} refusal into {@code false}.
     */
    default boolean permits(String principal, String action, String resource) {
        try {
            authorize(principal, action, resource);
            return true;
        } catch (dev.acs.core.error.AcsException e) {
            if (e.code() == dev.acs.core.error.ErrorCode.UNAUTHORIZED) {
                return false;
            }
            throw e;
        }
    }

    /** An authorizer that allows everything: for embedded single-user hosts and tests. */
    static Authorizer allowAll() {
        return (principal, action, resource) -> { };
    }
}

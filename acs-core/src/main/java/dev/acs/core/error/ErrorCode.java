package dev.acs.core.error;

/**
 * Stable codes for every failure a user of the SDK can cause or meet. The names follow the error taxonomy of
 * {@code spec/lifecycle.md} §29.4 and its appendix A; the codes never change meaning between releases, so hosts
 * may switch on them, map them to HTTP statuses or show them to people.
 *
 * <p>Codes marked "(R)" in their meaning are SDK additions: the original product documents name no such error.
 */
public enum ErrorCode {
    /** A quota (clusters per account, nodes per cluster, cloud quota) would be exceeded. */
    QUOTA_EXCEEDED("A quota would be exceeded: remove something first or raise the limit."),
    /** A name is already taken in its scope. */
    NAME_CONFLICT("The name is already used in its scope (region, cluster or application): choose another."),
    /** A name breaks the naming rules. */
    INVALID_NAME("The name breaks the naming rules (length or characters)."),
    /** A password breaks the password rules. */
    INVALID_PASSWORD("The password breaks the password rules (length or character classes)."),
    /** The account balance or verification does not allow pay-as-you-go resources. */
    INSUFFICIENT_BALANCE("The account balance or real-name verification does not allow creating pay-as-you-go resources."),
    /** The cloud has no stock of the requested instance type in the zone. */
    RESOURCE_OUT_OF_STOCK("The requested instance type is out of stock in the zone: try another zone or type."),
    /** The region does not offer the feature (GPU, NAS ...). */
    REGION_NOT_SUPPORTED("The region does not offer this feature (for example GPU or NAS)."),
    /** An existing machine has another network type than the cluster. */
    NETWORK_MISMATCH("The machine's network type or VPC differs from the cluster's."),
    /** A machine has no outbound internet access (no public IP, EIP or NAT). */
    NO_PUBLIC_ACCESS("The machine has no public IP, EIP or NAT gateway for outbound access."),
    /** The kernel of a machine to attach is older than 3.18. */
    KERNEL_TOO_OLD("The machine's kernel is older than the required 3.18."),
    /** Docker is already installed on a machine to attach by script. */
    DOCKER_ALREADY_INSTALLED("Docker is already installed on the machine to attach: use a clean machine."),
    /** A resource belongs to another account. */
    CROSS_ACCOUNT_RESOURCE("The resource belongs to another account; cross-account resources are not supported."),
    /** The cluster already has a load balancer bound. */
    SLB_ALREADY_BOUND("The cluster already has a load balancer bound: unbind it first."),
    /** A load balancer would be shared between clusters or services. */
    SLB_SHARED("A load balancer cannot be shared between clusters or between services."),
    /** Two applications of a cluster claim the same routing domain and context path. */
    ROUTE_CONFLICT("(R) Two applications claim the same routing domain and context path: change one of them."),
    /** The node agent is too old for the feature. */
    AGENT_TOO_OLD("The node agent is too old for this feature: upgrade the agent."),
    /** A configuration change kept the same application version. */
    VERSION_NOT_CHANGED("The application version must change on every configuration change."),
    /** A blue-green release awaits confirmation. */
    RELEASE_PENDING_CONFIRMATION("A blue-green release awaits confirmation or rollback before the next release."),
    /** No node satisfies the placement rules. */
    PLACEMENT_UNSATISFIABLE("No node satisfies the placement rules (resources, zones, constraints or affinity)."),
    /** Migrating containers off a node failed. */
    MIGRATION_FAILED("Migrating the node's containers failed; the node operation was aborted."),
    /** A configuration set is in another region than the application. */
    CONFIG_FILE_REGION_MISMATCH("The configuration set is in another region than the application."),
    /** An application already has a trigger of this type. */
    TRIGGER_TYPE_EXISTS("The application already has a trigger of this type (at most one per type)."),
    /** A trigger was fired with a wrong secret. */
    TRIGGER_INVALID_SECRET("The trigger secret does not match."),
    /** A volume name is already used in the cluster. */
    VOLUME_NAME_CONFLICT("A volume with this name already exists in the cluster."),
    /** The volume driver is too old for the requested options. */
    VOLUME_DRIVER_TOO_OLD("The volume driver is too old for the requested options."),
    /** An auto-scaling policy breaks its range, gap or step rules. */
    INVALID_SCALING_POLICY("The scaling policy breaks its rules (threshold ranges, gap of at least 30%, step 1-5)."),
    /** A cron expression is not a valid 6-field expression. */
    INVALID_CRON("The schedule is not a valid 6-field cron expression (second minute hour day month weekday)."),
    /** A batch job was declared in a template that is not Compose version 2. */
    BATCH_REQUIRES_COMPOSE2("Batch and scheduled jobs need a version \"2\" template."),
    /** (R) An image could not be pulled. */
    IMAGE_PULL_FAILED("(R) The image could not be pulled: check its name, tag and registry access."),
    /** (R) A template is invalid; the diagnostics say where. */
    INVALID_TEMPLATE("(R) The template is invalid; its diagnostics say what to change."),
    /** (R) A template variable has no value. */
    UNRESOLVED_VARIABLE("(R) A template variable has no value: pass it or add it to the configuration set."),
    /** (R) A sample template cannot be edited. */
    NOT_EDITABLE("(R) The object cannot be edited (for example a sample template)."),
    /** (R) An image build failed. */
    BUILD_FAILED("(R) The image build failed."),
    /** (R) The operation is not allowed in the entity's current state. */
    INVALID_STATE("(R) The operation is not allowed in the entity's current state."),
    /** (R) A volume is still in use. */
    VOLUME_IN_USE("(R) The volume is still used by a container."),
    /** (R) Too many items (configuration items, ...). */
    TOO_MANY_ITEMS("(R) Too many items for the limit."),
    /** (R) A cloud service is not activated for the account. */
    SERVICE_NOT_ACTIVATED("(R) The cloud service is not activated for the account."),
    /** (R) The caller may not do this. */
    UNAUTHORIZED("(R) The caller is not authorized for this action on this resource."),
    /** (R) The entity does not exist. */
    NOT_FOUND("(R) The entity does not exist (or was deleted)."),
    /** (R) An argument is invalid; the message names it. */
    INVALID_ARGUMENT("(R) An argument is invalid; the message names it and the accepted values."),
    /** (R) A blocking call did not finish within its timeout. */
    TIMEOUT("(R) The call did not finish within its timeout."),
    /** (R) A provider or engine could not be reached or answered with an error that may pass. */
    PROVIDER_UNAVAILABLE("(R) The provider or engine could not be reached or is failing; the call may succeed later."),
    /** (R) A concurrent change won: re-read and retry. */
    CONCURRENT_MODIFICATION("(R) Another change was applied first: re-read the entity and retry."),
    /** (R) Stored state is unreadable (truncated or corrupted). */
    STATE_CORRUPTED("(R) Stored state is unreadable: a truncated or corrupted record was found."),
    /** (R) The state store cannot be written: it was opened read-only, or its directory or file system is. */
    STORE_READ_ONLY("(R) The state store cannot be written: it was opened read-only or its directory is not writable"
            + " (permissions, a read-only file system): open it writable or fix the directory."),
    /** (R) Stored state is encrypted with a key that was not supplied, or the key supplied does not decrypt it. */
    ENCRYPTION_KEY_MISMATCH("(R) Stored state is encrypted with a key that was not supplied or does not decrypt it:"
            + " supply the key (and key id) it was written with."),
    /**
     * (R) This control-plane process is not the leader of its highly available control plane (or was deposed): it
     * refuses writes. The details name the current leader ({@code leader}) when one is known.
     */
    NOT_LEADER("(R) This control-plane process is not (or no longer) the leader: send the write to the leader the"
            + " details name, or retry once a leader is elected."),
    /** (R) The operation was cancelled. */
    CANCELLED("(R) The operation was cancelled."),
    /** (R) An unexpected internal failure; a bug in the SDK or a provider. */
    INTERNAL("(R) An unexpected internal failure; please report it with the message.");

    private final String meaning;

    ErrorCode(String meaning) {
        this.meaning = meaning;
    }

    /** A sentence that says what the code means and, where it helps, what to do. */
    public String meaning() {
        return meaning;
    }
}

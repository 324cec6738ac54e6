package dev.acs.core.access;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code cs:} actions of the public API, as policies name them ({@code spec/lifecycle.md} §23 documents
 * {@code GetClusterById}, {@code CreateCluster}, {@code DeleteCluster} and {@code UpdateClusterSizeById}; the other
 * names follow the product's OpenAPI style and are the SDK's). Every action is checked against the ARN of the cluster
 * it touches ({@link #clusterArn(String)}), application actions included, so a per-cluster policy covers them;
 * {@link #CREATE_CLUSTER} against {@link #ALL_CLUSTERS}.
 */
public enum CsAction {
    /** Create a cluster. */
    CREATE_CLUSTER("CreateCluster", Scope.ACCOUNT),
    /** Read a cluster ({@code get}, {@code require}). */
    GET_CLUSTER("GetClusterById", Scope.READ),
    /** See a cluster in a listing or search. */
    DESCRIBE_CLUSTERS("DescribeClusters", Scope.READ),
    /** Read a cluster's events. */
    DESCRIBE_CLUSTER_EVENTS("DescribeClusterEvents", Scope.READ),
    /** Expand a cluster. */
    EXPAND_CLUSTER("UpdateClusterSizeById", Scope.CLUSTER),
    /** Rename a cluster. */
    UPDATE_CLUSTER("UpdateCluster", Scope.CLUSTER),
    /** Delete a cluster. */
    DELETE_CLUSTER("DeleteCluster", Scope.CLUSTER),
    /** Rebalance a cluster. */
    REBALANCE_CLUSTER("RebalanceCluster", Scope.CLUSTER),
    /** List or read the nodes of a cluster. */
    DESCRIBE_NODES("DescribeClusterNodes", Scope.READ),
    /** Replace a node's user labels. */
    UPDATE_NODE_LABELS("UpdateNodeLabels", Scope.CLUSTER),
    /** List the machines that could be added to a cluster. */
    DESCRIBE_ATTACHABLE_INSTANCES("DescribeAttachableInstances", Scope.CLUSTER),
    /** Add existing machines to a cluster. */
    ATTACH_INSTANCES("AttachInstances", Scope.CLUSTER),
    /** Remove a node. */
    REMOVE_NODE("RemoveNode", Scope.CLUSTER),
    /** Reset a node. */
    RESET_NODE("ResetNode", Scope.CLUSTER),
    /** Deploy an application. */
    CREATE_APPLICATION("CreateApplication", Scope.APPLICATION),
    /** Read an application. */
    DESCRIBE_APPLICATION("DescribeApplication", Scope.READ),
    /** List the applications of a cluster. */
    DESCRIBE_APPLICATIONS("DescribeApplications", Scope.READ),
    /** Read an application's containers. */
    DESCRIBE_CONTAINERS("DescribeContainers", Scope.READ),
    /** Read an application's events. */
    DESCRIBE_APPLICATION_EVENTS("DescribeApplicationEvents", Scope.READ),
    /** Read a job. */
    DESCRIBE_JOB("DescribeJob", Scope.READ),
    /** Scale a service. */
    SCALE_SERVICE("ScaleService", Scope.APPLICATION),
    /** Stop an application. */
    STOP_APPLICATION("StopApplication", Scope.APPLICATION),
    /** Force-stop an application. */
    FORCE_STOP_APPLICATION("ForceStopApplication", Scope.APPLICATION),
    /** Start an application. */
    START_APPLICATION("StartApplication", Scope.APPLICATION),
    /** Stop a service. */
    STOP_SERVICE("StopService", Scope.APPLICATION),
    /** Start a service. */
    START_SERVICE("StartService", Scope.APPLICATION),
    /** Redeploy an application. */
    REDEPLOY_APPLICATION("RedeployApplication", Scope.APPLICATION),
    /** Change an application's configuration. */
    UPDATE_APPLICATION("UpdateApplication", Scope.APPLICATION),
    /** Delete an application. */
    DELETE_APPLICATION("DeleteApplication", Scope.APPLICATION),
    /** Set a blue-green service weight. */
    SET_SERVICE_WEIGHT("SetServiceWeight", Scope.APPLICATION),
    /** Confirm a blue-green release. */
    CONFIRM_RELEASE("ConfirmRelease", Scope.APPLICATION),
    /** Roll a blue-green release back. */
    ROLLBACK_RELEASE("RollbackRelease", Scope.APPLICATION),
    /** Start a job run. */
    RUN_JOB("RunJob", Scope.APPLICATION),
    /** Cancel a job run. */
    CANCEL_JOB_RUN("CancelJobRun", Scope.APPLICATION),
    /** Create a trigger of an application. */
    CREATE_TRIGGER("CreateTrigger", Scope.APPLICATION),
    /** Delete a trigger. */
    DELETE_TRIGGER("DeleteTrigger", Scope.APPLICATION),
    /** List triggers and read their call history. */
    DESCRIBE_TRIGGERS("DescribeTriggers", Scope.READ),
    /** Read operation logs and running operations. */
    DESCRIBE_OPERATIONS("DescribeOperations", Scope.READ);

    /** The resource of {@link #CREATE_CLUSTER}: every cluster. */
    public static final String ALL_CLUSTERS = "acs:cs:*:*:cluster/*";
    private static final String CLUSTER_ARN_PREFIX = "acs:cs:*:*:cluster/";

    /** What kind of right an action needs, which decides the grants that cover it. */
    public enum Scope {
        /** Reads inside a cluster: any grant on the cluster. */
        READ,
        /** Managing the cluster's applications: any grant on the cluster. */
        APPLICATION,
        /** Managing the cluster itself: a read-write grant. */
        CLUSTER,
        /** Account-wide (creating clusters): a policy only. */
        ACCOUNT
    }

    private final String operation;
    private final Scope scope;

    CsAction(String operation, Scope scope) {
        this.operation = operation;
        this.scope = scope;
    }

    /** The policy name, e.g. {@code cs:CreateCluster}. */
    public String ramName() {
        return "cs:" + operation;
    }

    /** The kind of right it needs. */
    public Scope scope() {
        return scope;
    }

    /** The action whose {@link #ramName()} is {@code name}, ignoring case (as RAM does). */
    public static Optional<CsAction> byRamName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (CsAction a : values()) {
            if (a.ramName().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The ARN of a cluster: {@code acs:cs:*:*:cluster/<id>}. */
    public static String clusterArn(String clusterId) {
        return CLUSTER_ARN_PREFIX + clusterId;
    }

    /** The cluster id of a cluster ARN, empty for another resource (including {@link #ALL_CLUSTERS}). */
    public static Optional<String> clusterIdOf(String arn) {
        if (arn == null || !arn.startsWith(CLUSTER_ARN_PREFIX) || arn.equals(ALL_CLUSTERS)) {
            return Optional.empty();
        }
        String id = arn.substring(CLUSTER_ARN_PREFIX.length());
        return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
    }
}

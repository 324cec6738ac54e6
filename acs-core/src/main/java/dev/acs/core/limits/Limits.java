package dev.acs.core.limits;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The documented quotas and naming rules of the product ({@code spec/lifecycle.md} §26) as overridable defaults.
 * {@link #defaults()} holds the product's numbers; a host changes any of them with {@link #toBuilder()}. The
 * {@code require...} methods throw an {@link AcsException} whose message says what to change.
 *
 * <p>Where the documents disagree the stricter value is the default and the choice is noted on the accessor.
 */
public final class Limits {
    /** Digits, CJK ideographs, English letters and '-' (the product's name charset). */
    private static final Pattern NAME_CHARS = Pattern.compile("[0-9A-Za-z\\p{IsHan}-]+");
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?");

    private static final Limits DEFAULTS = new Builder().build();

    private final int maxClustersPerAccount;
    private final int maxNodesPerCluster;
    private final int maxNameLength;
    private final int maxAppDescriptionLength;
    private final int minEcsPasswordLength;
    private final int maxEcsPasswordLength;
    private final int minRegistryPasswordLength;
    private final int maxRegistryPasswordLength;
    private final int minRepositoryNameLength;
    private final int maxRepositoryNameLength;
    private final int maxRepositorySummaryLength;
    private final int maxConfigSetNameLength;
    private final int maxConfigSetDescriptionLength;
    private final int maxConfigItems;
    private final int maxConfigItemNameLength;
    private final int maxConfigItemValueLength;
    private final long minMemLimitBytes;
    private final int maxRoutingDomainLength;
    private final int maxRoutingContextLength;
    private final int maxSlbNameLength;
    private final int rescheduleMemoryPercent;
    private final int rescheduleCpuPercent;
    private final int logLinesPerContainer;

    private Limits(Builder b) {
        maxClustersPerAccount = positive("maxClustersPerAccount", b.maxClustersPerAccount);
        maxNodesPerCluster = positive("maxNodesPerCluster", b.maxNodesPerCluster);
        maxNameLength = positive("maxNameLength", b.maxNameLength);
        maxAppDescriptionLength = positive("maxAppDescriptionLength", b.maxAppDescriptionLength);
        minEcsPasswordLength = positive("minEcsPasswordLength", b.minEcsPasswordLength);
        maxEcsPasswordLength = atLeast("maxEcsPasswordLength", b.maxEcsPasswordLength, minEcsPasswordLength);
        minRegistryPasswordLength = positive("minRegistryPasswordLength", b.minRegistryPasswordLength);
        maxRegistryPasswordLength = atLeast("maxRegistryPasswordLength", b.maxRegistryPasswordLength, minRegistryPasswordLength);
        minRepositoryNameLength = positive("minRepositoryNameLength", b.minRepositoryNameLength);
        maxRepositoryNameLength = atLeast("maxRepositoryNameLength", b.maxRepositoryNameLength, minRepositoryNameLength);
        maxRepositorySummaryLength = positive("maxRepositorySummaryLength", b.maxRepositorySummaryLength);
        maxConfigSetNameLength = positive("maxConfigSetNameLength", b.maxConfigSetNameLength);
        maxConfigSetDescriptionLength = positive("maxConfigSetDescriptionLength", b.maxConfigSetDescriptionLength);
        maxConfigItems = positive("maxConfigItems", b.maxConfigItems);
        maxConfigItemNameLength = positive("maxConfigItemNameLength", b.maxConfigItemNameLength);
        maxConfigItemValueLength = positive("maxConfigItemValueLength", b.maxConfigItemValueLength);
        minMemLimitBytes = b.minMemLimitBytes;
        if (minMemLimitBytes < 0) {
            throw AcsException.invalidArgument("limit minMemLimitBytes must not be negative");
        }
        maxRoutingDomainLength = positive("maxRoutingDomainLength", b.maxRoutingDomainLength);
        maxRoutingContextLength = positive("maxRoutingContextLength", b.maxRoutingContextLength);
        maxSlbNameLength = positive("maxSlbNameLength", b.maxSlbNameLength);
        rescheduleMemoryPercent = percent("rescheduleMemoryPercent", b.rescheduleMemoryPercent);
        rescheduleCpuPercent = percent("rescheduleCpuPercent", b.rescheduleCpuPercent);
        logLinesPerContainer = positive("logLinesPerContainer", b.logLinesPerContainer);
    }

    private static int positive(String name, int v) {
        if (v < 1) {
            throw AcsException.invalidArgument("limit " + name + " must be at least 1, got " + v);
        }
        return v;
    }

    private static int atLeast(String name, int v, int min) {
        if (v < min) {
            throw AcsException.invalidArgument("limit " + name + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    private static int percent(String name, int v) {
        if (v < 0 || v > 100) {
            throw AcsException.invalidArgument("limit " + name + " must be a percentage 0-100, got " + v);
        }
        return v;
    }

    /** The product's documented numbers. */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Clusters per account over all regions; 5 ({@code 000} §5, {@code 003:L124}). */
    public int maxClustersPerAccount() { return maxClustersPerAccount; }
    /** Nodes per cluster, all origins counted together; 20 ({@code 003:L124}, §28 #18). */
    public int maxNodesPerCluster() { return maxNodesPerCluster; }
    /** Longest cluster, application and template name; 64 ({@code 003:L141,L1972,L1116}). */
    public int maxNameLength() { return maxNameLength; }
    /** Longest application description; 1,024 ({@code 003:L1975}). */
    public int maxAppDescriptionLength() { return maxAppDescriptionLength; }
    /** Shortest ECS login password; 8 ({@code 003:L222}). */
    public int minEcsPasswordLength() { return minEcsPasswordLength; }
    /** Longest ECS login password; 30. */
    public int maxEcsPasswordLength() { return maxEcsPasswordLength; }
    /** Shortest registry password; 7 ({@code 003:L1072}). */
    public int minRegistryPasswordLength() { return minRegistryPasswordLength; }
    /** Longest registry password; 30. */
    public int maxRegistryPasswordLength() { return maxRegistryPasswordLength; }
    /** Shortest registry repository name; 2 ({@code 003:L4157}). */
    public int minRepositoryNameLength() { return minRepositoryNameLength; }
    /** Longest registry repository name; 30. */
    public int maxRepositoryNameLength() { return maxRepositoryNameLength; }
    /** Longest repository summary; 100. */
    public int maxRepositorySummaryLength() { return maxRepositorySummaryLength; }
    /** Longest configuration-set name; 32, the stricter of the documented 128 and 32 (§28 #3). */
    public int maxConfigSetNameLength() { return maxConfigSetNameLength; }
    /** Longest configuration-set description; 128 ({@code 003:L2652}). */
    public int maxConfigSetDescriptionLength() { return maxConfigSetDescriptionLength; }
    /** Items per configuration set; 50 ({@code 003:L2653}). */
    public int maxConfigItems() { return maxConfigItems; }
    /** Longest configuration item name; 32. */
    public int maxConfigItemNameLength() { return maxConfigItemNameLength; }
    /** Longest configuration item value; 128. */
    public int maxConfigItemValueLength() { return maxConfigItemValueLength; }
    /** Smallest {@code mem_limit}; 4 MiB ({@code 003:L2090}). */
    public long minMemLimitBytes() { return minMemLimitBytes; }
    /** Longest routing domain; 128 ({@code 003:L1606}). */
    public int maxRoutingDomainLength() { return maxRoutingDomainLength; }
    /** Longest routing context path; 128. */
    public int maxRoutingContextLength() { return maxRoutingContextLength; }
    /** Longest SLB name in an {@code aliyun.lb} label; 80 ({@code 003:L1714}). */
    public int maxSlbNameLength() { return maxSlbNameLength; }
    /** Service rebalance moves containers off nodes above this reserved-memory percentage; 60 ({@code 003:L2919}). */
    public int rescheduleMemoryPercent() { return rescheduleMemoryPercent; }
    /** ... and above this reserved-CPU percentage; 40. */
    public int rescheduleCpuPercent() { return rescheduleCpuPercent; }
    /** Log lines shown per container by default; 100 ({@code 003:L2272}). */
    public int logLinesPerContainer() { return logLinesPerContainer; }

    /** Checks a cluster name: 1–{@link #maxNameLength()} digits, CJK characters, letters and '-'. */
    public String requireClusterName(String name) {
        return requireName("cluster", name);
    }

    /** Checks an application name (same rule as cluster names). */
    public String requireAppName(String name) {
        return requireName("application", name);
    }

    /** Checks a template name (same rule as cluster names). */
    public String requireTemplateName(String name) {
        return requireName("template", name);
    }

    private String requireName(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw invalidName(kind + " name is empty: use 1-" + maxNameLength + " digits, Chinese characters, letters or '-'", name);
        }
        int length = name.codePointCount(0, name.length());
        if (length > maxNameLength) {
            throw invalidName(kind + " name '" + name + "' has " + length + " characters; at most " + maxNameLength + " are allowed", name);
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw invalidName(kind + " name '" + name + "' may contain only digits, Chinese characters, letters and '-'", name);
        }
        return name;
    }

    private static AcsException invalidName(String message, String name) {
        return new AcsException(ErrorCode.INVALID_NAME, message, Map.of("name", String.valueOf(name)), null);
    }

    /** Checks an application description: at most {@link #maxAppDescriptionLength()} characters. */
    public String requireAppDescription(String description) {
        String d = description == null ? "" : description;
        int length = d.codePointCount(0, d.length());
        if (length > maxAppDescriptionLength) {
            throw AcsException.invalidArgument("application description has " + length + " characters; at most "
                    + maxAppDescriptionLength + " are allowed");
        }
        return d;
    }

    /**
     * Checks an ECS login password: {@link #minEcsPasswordLength()}–{@link #maxEcsPasswordLength()} characters with
     * at least three of upper-case letters, lower-case letters, digits and special characters. The message never
     * contains the password.
     */
    public void requireEcsPassword(char[] password) {
        int classes = characterClasses(password, true);
        if (password.length < minEcsPasswordLength || password.length > maxEcsPasswordLength || classes < 3) {
            throw new AcsException(ErrorCode.INVALID_PASSWORD, "the login password must have " + minEcsPasswordLength
                    + "-" + maxEcsPasswordLength + " characters with at least three of: upper-case letters, "
                    + "lower-case letters, digits, special characters (it has " + password.length + " characters, "
                    + classes + " kinds)");
        }
    }

    /**
     * Checks a registry password: {@link #minRegistryPasswordLength()}–{@link #maxRegistryPasswordLength()}
     * characters with at least two of letters, digits and symbols.
     */
    public void requireRegistryPassword(char[] password) {
        int classes = characterClasses(password, false);
        if (password.length < minRegistryPasswordLength || password.length > maxRegistryPasswordLength || classes < 2) {
            throw new AcsException(ErrorCode.INVALID_PASSWORD, "the registry password must have " + minRegistryPasswordLength
                    + "-" + maxRegistryPasswordLength + " characters with at least two of: letters, digits, symbols "
                    + "(it has " + password.length + " characters, " + classes + " kinds)");
        }
    }

    private static int characterClasses(char[] password, boolean splitCase) {
        boolean upper = false, lower = false, digit = false, other = false;
        for (char c : password) {
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                other = true;
            }
        }
        int letters = splitCase ? (upper ? 1 : 0) + (lower ? 1 : 0) : (upper || lower ? 1 : 0);
        return letters + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /**
     * Checks a registry repository name: {@link #minRepositoryNameLength()}–{@link #maxRepositoryNameLength()}
     * lower-case letters and digits, with the separators {@code _ - .} not at either end.
     */
    public String requireRepositoryName(String name) {
        String n = name == null ? "" : name;
        if (n.length() < minRepositoryNameLength || n.length() > maxRepositoryNameLength
                || !REPOSITORY_NAME.matcher(n).matches()) {
            throw invalidName("repository name '" + n + "' must have " + minRepositoryNameLength + "-"
                    + maxRepositoryNameLength + " lower-case letters or digits, with _ - . only between them", n);
        }
        return n;
    }

    /** Checks a configuration-set name: 1–{@link #maxConfigSetNameLength()} characters, same charset as names. */
    public String requireConfigSetName(String name) {
        String n = name == null ? "" : name;
        int length = n.codePointCount(0, n.length());
        if (length < 1 || length > maxConfigSetNameLength || !NAME_CHARS.matcher(n).matches()) {
            throw invalidName("configuration set name '" + n + "' must have 1-" + maxConfigSetNameLength
                    + " digits, Chinese characters, letters or '-'", n);
        }
        return n;
    }

    /**
     * Checks a cluster quota before creating one more.
     *
     * @param existing clusters the account already has, over all regions
     * @throws AcsException {@code QUOTA_EXCEEDED}
     */
    public void requireClusterQuota(int existing) {
        if (existing + 1 > maxClustersPerAccount) {
            throw new AcsException(ErrorCode.QUOTA_EXCEEDED, "the account already has " + existing
                    + " clusters; at most " + maxClustersPerAccount + " are allowed: delete one or raise the limit",
                    Map.of("limit", "maxClustersPerAccount", "max", Integer.toString(maxClustersPerAccount)), null);
        }
    }

    /**
     * Checks the node quota before adding nodes.
     *
     * @param existing nodes the cluster has now
     * @param adding   nodes about to be added
     * @throws AcsException {@code QUOTA_EXCEEDED}
     */
    public void requireNodeQuota(int existing, int adding) {
        if (adding < 0) {
            throw AcsException.invalidArgument("cannot add a negative number of nodes: " + adding);
        }
        if ((long) existing + adding > maxNodesPerCluster) {
            throw new AcsException(ErrorCode.QUOTA_EXCEEDED, "the cluster has " + existing + " nodes; adding " + adding
                    + " would exceed the limit of " + maxNodesPerCluster + " nodes per cluster (at most "
                    + Math.max(0, maxNodesPerCluster - existing) + " more can be added)",
                    Map.of("limit", "maxNodesPerCluster", "max", Integer.toString(maxNodesPerCluster)), null);
        }
    }

    /** Checks a {@code mem_limit}: 0 (none) or at least {@link #minMemLimitBytes()}. */
    public long requireMemLimit(long bytes) {
        if (bytes != 0 && bytes < minMemLimitBytes) {
            throw AcsException.invalidArgument("mem_limit of " + bytes + " bytes is below the minimum of "
                    + minMemLimitBytes + " bytes (4 MiB)");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "Limits{clusters=" + maxClustersPerAccount + ", nodesPerCluster=" + maxNodesPerCluster + ", ...}";
    }

    /** Builder of {@link Limits}; starts from the product's numbers. */
    public static final class Builder {
        private int maxClustersPerAccount = 5;
        private int maxNodesPerCluster = 20;
        private int maxNameLength = 64;
        private int maxAppDescriptionLength = 1024;
        private int minEcsPasswordLength = 8;
        private int maxEcsPasswordLength = 30;
        private int minRegistryPasswordLength = 7;
        private int maxRegistryPasswordLength = 30;
        private int minRepositoryNameLength = 2;
        private int maxRepositoryNameLength = 30;
        private int maxRepositorySummaryLength = 100;
        private int maxConfigSetNameLength = 32;
        private int maxConfigSetDescriptionLength = 128;
        private int maxConfigItems = 50;
        private int maxConfigItemNameLength = 32;
        private int maxConfigItemValueLength = 128;
        private long minMemLimitBytes = 4L * 1024 * 1024;
        private int maxRoutingDomainLength = 128;
        private int maxRoutingContextLength = 128;
        private int maxSlbNameLength = 80;
        private int rescheduleMemoryPercent = 60;
        private int rescheduleCpuPercent = 40;
        private int logLinesPerContainer = 100;

        private Builder() {
        }

        private Builder(Limits l) {
            maxClustersPerAccount = l.maxClustersPerAccount;
            maxNodesPerCluster = l.maxNodesPerCluster;
            maxNameLength = l.maxNameLength;
            maxAppDescriptionLength = l.maxAppDescriptionLength;
            minEcsPasswordLength = l.minEcsPasswordLength;
            maxEcsPasswordLength = l.maxEcsPasswordLength;
            minRegistryPasswordLength = l.minRegistryPasswordLength;
            maxRegistryPasswordLength = l.maxRegistryPasswordLength;
            minRepositoryNameLength = l.minRepositoryNameLength;
            maxRepositoryNameLength = l.maxRepositoryNameLength;
            maxRepositorySummaryLength = l.maxRepositorySummaryLength;
            maxConfigSetNameLength = l.maxConfigSetNameLength;
            maxConfigSetDescriptionLength = l.maxConfigSetDescriptionLength;
            maxConfigItems = l.maxConfigItems;
            maxConfigItemNameLength = l.maxConfigItemNameLength;
            maxConfigItemValueLength = l.maxConfigItemValueLength;
            minMemLimitBytes = l.minMemLimitBytes;
            maxRoutingDomainLength = l.maxRoutingDomainLength;
            maxRoutingContextLength = l.maxRoutingContextLength;
            maxSlbNameLength = l.maxSlbNameLength;
            rescheduleMemoryPercent = l.rescheduleMemoryPercent;
            rescheduleCpuPercent = l.rescheduleCpuPercent;
            logLinesPerContainer = l.logLinesPerContainer;
        }

        /** @see Limits#maxClustersPerAccount() */
        public Builder maxClustersPerAccount(int v) { maxClustersPerAccount = v; return this; }
        /** @see Limits#maxNodesPerCluster() */
        public Builder maxNodesPerCluster(int v) { maxNodesPerCluster = v; return this; }
        /** @see Limits#maxNameLength() */
        public Builder maxNameLength(int v) { maxNameLength = v; return this; }
        /** @see Limits#maxAppDescriptionLength() */
        public Builder maxAppDescriptionLength(int v) { maxAppDescriptionLength = v; return this; }
        /** @see Limits#minEcsPasswordLength() */
        public Builder minEcsPasswordLength(int v) { minEcsPasswordLength = v; return this; }
        /** @see Limits#maxEcsPasswordLength() */
        public Builder maxEcsPasswordLength(int v) { maxEcsPasswordLength = v; return this; }
        /** @see Limits#minRegistryPasswordLength() */
        public Builder minRegistryPasswordLength(int v) { minRegistryPasswordLength = v; return this; }
        /** @see Limits#maxRegistryPasswordLength() */
        public Builder maxRegistryPasswordLength(int v) { maxRegistryPasswordLength = v; return this; }
        /** @see Limits#minRepositoryNameLength() */
        public Builder minRepositoryNameLength(int v) { minRepositoryNameLength = v; return this; }
        /** @see Limits#maxRepositoryNameLength() */
        public Builder maxRepositoryNameLength(int v) { maxRepositoryNameLength = v; return this; }
        /** @see Limits#maxRepositorySummaryLength() */
        public Builder maxRepositorySummaryLength(int v) { maxRepositorySummaryLength = v; return this; }
        /** @see Limits#maxConfigSetNameLength() */
        public Builder maxConfigSetNameLength(int v) { maxConfigSetNameLength = v; return this; }
        /** @see Limits#maxConfigSetDescriptionLength() */
        public Builder maxConfigSetDescriptionLength(int v) { maxConfigSetDescriptionLength = v; return this; }
        /** @see Limits#maxConfigItems() */
        public Builder maxConfigItems(int v) { maxConfigItems = v; return this; }
        /** @see Limits#maxConfigItemNameLength() */
        public Builder maxConfigItemNameLength(int v) { maxConfigItemNameLength = v; return this; }
        /** @see Limits#maxConfigItemValueLength() */
        public Builder maxConfigItemValueLength(int v) { maxConfigItemValueLength = v; return this; }
        /** @see Limits#minMemLimitBytes() */
        public Builder minMemLimitBytes(long v) { minMemLimitBytes = v; return this; }
        /** @see Limits#maxRoutingDomainLength() */
        public Builder maxRoutingDomainLength(int v) { maxRoutingDomainLength = v; return this; }
        /** @see Limits#maxRoutingContextLength() */
        public Builder maxRoutingContextLength(int v) { maxRoutingContextLength = v; return this; }
        /** @see Limits#maxSlbNameLength() */
        public Builder maxSlbNameLength(int v) { maxSlbNameLength = v; return this; }
        /** @see Limits#rescheduleMemoryPercent() */
        public Builder rescheduleMemoryPercent(int v) { rescheduleMemoryPercent = v; return this; }
        /** @see Limits#rescheduleCpuPercent() */
        public Builder rescheduleCpuPercent(int v) { rescheduleCpuPercent = v; return this; }
        /** @see Limits#logLinesPerContainer() */
        public Builder logLinesPerContainer(int v) { logLinesPerContainer = v; return this; }

        /** The limits; fails with {@code INVALID_ARGUMENT} for a nonsensical value (e.g. 0 clusters). */
        public Limits build() {
            return new Limits(this);
        }
    }
}

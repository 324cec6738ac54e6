package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine-level settings of a service's containers that Compose declares and a container engine applies as they
 * are: hardening ({@code read_only}, capabilities, security options), kernel and process limits, logging, the stop
 * signal and grace period, resource limits distinct from the scheduler's reservation, and the health check in its
 * own form. Templates (acs-compose) fill it; runtimes that can apply a setting do, and the template reader warns
 * where a runtime cannot. Every field is optional: {@link #NONE} leaves every engine default in place.
 */
public final class ContainerSettings {
    /** No setting: every engine default. */
    public static final ContainerSettings NONE = builder().build();

    private final Fields f;

    /** Every field, validated and frozen: what the accessors return and what the state store keeps. */
    private record Fields(
            boolean readOnly,
            List<String> capAdd,
            List<String> capDrop,
            List<String> securityOpt,
            List<Ulimit> ulimits,
            Boolean init,
            long shmSize,
            Map<String, String> tmpfs,
            String logDriver,
            Map<String, String> logOptions,
            Map<String, String> sysctls,
            List<String> devices,
            Long pidsLimit,
            long nanoCpus,
            Long memoryLimit,
            long memoryReservation,
            Long memswapLimit,
            Integer memSwappiness,
            Integer oomScoreAdj,
            long cpuQuota,
            long cpuPeriod,
            String cpuset,
            String ipc,
            String pid,
            String usernsMode,
            String cgroupParent,
            List<String> groupAdd,
            String domainname,
            String stopSignal,
            Duration stopGracePeriod,
            List<String> volumesFrom,
            Healthcheck healthcheck,
            List<FileMount> files,
            boolean appNetwork,
            List<String> networkAliases) {
        Fields {
            capAdd = list(capAdd);
            capDrop = list(capDrop);
            securityOpt = list(securityOpt);
            ulimits = list(ulimits);
            tmpfs = map(tmpfs);
            logOptions = map(logOptions);
            sysctls = map(sysctls);
            devices = list(devices);
            groupAdd = list(groupAdd);
            volumesFrom = list(volumesFrom);
            files = list(files);
            networkAliases = list(networkAliases);
            if (shmSize < 0 || nanoCpus < 0 || memoryReservation < 0 || cpuQuota < 0 || cpuPeriod < 0
                    || (memoryLimit != null && memoryLimit < 0)) {
                throw AcsException.invalidArgument("shm size, CPU and memory limits must not be negative");
            }
            if (memSwappiness != null && (memSwappiness < 0 || memSwappiness > 100)) {
                throw AcsException.invalidArgument("mem_swappiness " + memSwappiness + " is outside 0-100");
            }
            if (oomScoreAdj != null && (oomScoreAdj < -1000 || oomScoreAdj > 1000)) {
                throw AcsException.invalidArgument("oom_score_adj " + oomScoreAdj + " is outside -1000..1000");
            }
            if (stopGracePeriod != null && stopGracePeriod.isNegative()) {
                throw AcsException.invalidArgument("stop_grace_period must not be negative");
            }
        }
    }

    private ContainerSettings(Fields f) {
        this.f = f;
    }

    /** Mount the root file system read-only ({@code read_only}). */
    public boolean readOnly() { return f.readOnly(); }
    /** Capabilities to add ({@code cap_add}), without the {@code CAP_} prefix. */
    public List<String> capAdd() { return f.capAdd(); }
    /** Capabilities to drop ({@code cap_drop}), without the {@code CAP_} prefix; may be {@code ALL}. */
    public List<String> capDrop() { return f.capDrop(); }
    /** Security options ({@code security_opt}), such as {@code no-new-privileges:true}. */
    public List<String> securityOpt() { return f.securityOpt(); }
    /** Resource limits ({@code ulimits}). */
    public List<Ulimit> ulimits() { return f.ulimits(); }
    /** Run an init process as PID 1 ({@code init}), or {@code null} for the engine's default. */
    public Boolean init() { return f.init(); }
    /** Size of {@code /dev/shm} in bytes ({@code shm_size}); 0 for the engine's default. */
    public long shmSize() { return f.shmSize(); }
    /** Tmpfs mounts ({@code tmpfs}): container path to mount options ({@code ""} for none). */
    public Map<String, String> tmpfs() { return f.tmpfs(); }
    /** Logging driver ({@code logging.driver}, {@code log_driver}), or {@code null}. */
    public String logDriver() { return f.logDriver(); }
    /** Logging driver options ({@code logging.options}, {@code log_opt}). */
    public Map<String, String> logOptions() { return f.logOptions(); }
    /** Kernel parameters ({@code sysctls}). */
    public Map<String, String> sysctls() { return f.sysctls(); }
    /** Device mappings ({@code devices}): {@code host[:container[:permissions]]}. */
    public List<String> devices() { return f.devices(); }
    /** Process limit ({@code pids_limit}; -1 for unlimited), or {@code null}. */
    public Long pidsLimit() { return f.pidsLimit(); }
    /** CPU limit in billionths of a core ({@code cpus}, {@code deploy.resources.limits.cpus}); 0 for none. */
    public long nanoCpus() { return f.nanoCpus(); }
    /**
     * Hard memory limit in bytes ({@code deploy.resources.limits.memory}); {@code null} when the reservation's memory
     * is the limit too (the product's {@code mem_limit}), 0 for no limit.
     */
    public Long memoryLimit() { return f.memoryLimit(); }
    /** Soft memory limit in bytes ({@code mem_reservation}); 0 for none. */
    public long memoryReservation() { return f.memoryReservation(); }
    /** Memory plus swap limit in bytes ({@code memswap_limit}; -1 for unlimited), or {@code null}. */
    public Long memswapLimit() { return f.memswapLimit(); }
    /** Swappiness 0-100 ({@code mem_swappiness}), or {@code null}. */
    public Integer memSwappiness() { return f.memSwappiness(); }
    /** OOM score adjustment -1000..1000 ({@code oom_score_adj}), or {@code null}. */
    public Integer oomScoreAdj() { return f.oomScoreAdj(); }
    /** CFS quota in microseconds ({@code cpu_quota}); 0 for none. */
    public long cpuQuota() { return f.cpuQuota(); }
    /** CFS period in microseconds ({@code cpu_period}); 0 for the default. */
    public long cpuPeriod() { return f.cpuPeriod(); }
    /** CPUs the containers may use ({@code cpuset}), or {@code null}. */
    public String cpuset() { return f.cpuset(); }
    /** IPC mode ({@code ipc}), or {@code null}. */
    public String ipc() { return f.ipc(); }
    /** PID mode ({@code pid}), or {@code null}. */
    public String pid() { return f.pid(); }
    /** User namespace mode ({@code userns_mode}), or {@code null}. */
    public String usernsMode() { return f.usernsMode(); }
    /** Parent cgroup ({@code cgroup_parent}), or {@code null}. */
    public String cgroupParent() { return f.cgroupParent(); }
    /** Supplementary groups ({@code group_add}). */
    public List<String> groupAdd() { return f.groupAdd(); }
    /** NIS domain name ({@code domainname}), or {@code null}. */
    public String domainname() { return f.domainname(); }
    /** Signal that stops the containers ({@code stop_signal}), or {@code null} for SIGTERM. */
    public String stopSignal() { return f.stopSignal(); }
    /** Time between the stop signal and SIGKILL ({@code stop_grace_period}), or {@code null}. */
    public Duration stopGracePeriod() { return f.stopGracePeriod(); }
    /** Containers or services whose volumes are mounted too ({@code volumes_from}). */
    public List<String> volumesFrom() { return f.volumesFrom(); }
    /** The health check as declared ({@code healthcheck}), or {@code null} for none declared. */
    public Healthcheck healthcheck() { return f.healthcheck(); }
    /** Secrets and configs mounted read-only from files ({@code secrets}, {@code configs}). */
    public List<FileMount> files() { return f.files(); }
    /**
     * Whether the containers go on one network of their application on each engine, where the services reach each
     * other by name (what docker compose does for a Compose file).
     */
    public boolean appNetwork() { return f.appNetwork(); }
    /** Further names of the service on that network ({@code networks.*.aliases}). */
    public List<String> networkAliases() { return f.networkAliases(); }
    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    private static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** A builder with no setting. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.readOnly = f.readOnly();
        b.capAdd.addAll(f.capAdd());
        b.capDrop.addAll(f.capDrop());
        b.securityOpt.addAll(f.securityOpt());
        b.ulimits.addAll(f.ulimits());
        b.init = f.init();
        b.shmSize = f.shmSize();
        b.tmpfs.putAll(f.tmpfs());
        b.logDriver = f.logDriver();
        b.logOptions.putAll(f.logOptions());
        b.sysctls.putAll(f.sysctls());
        b.devices.addAll(f.devices());
        b.pidsLimit = f.pidsLimit();
        b.nanoCpus = f.nanoCpus();
        b.memoryLimit = f.memoryLimit();
        b.memoryReservation = f.memoryReservation();
        b.memswapLimit = f.memswapLimit();
        b.memSwappiness = f.memSwappiness();
        b.oomScoreAdj = f.oomScoreAdj();
        b.cpuQuota = f.cpuQuota();
        b.cpuPeriod = f.cpuPeriod();
        b.cpuset = f.cpuset();
        b.ipc = f.ipc();
        b.pid = f.pid();
        b.usernsMode = f.usernsMode();
        b.cgroupParent = f.cgroupParent();
        b.groupAdd.addAll(f.groupAdd());
        b.domainname = f.domainname();
        b.stopSignal = f.stopSignal();
        b.stopGracePeriod = f.stopGracePeriod();
        b.volumesFrom.addAll(f.volumesFrom());
        b.healthcheck = f.healthcheck();
        b.files.addAll(f.files());
        b.appNetwork = f.appNetwork();
        b.networkAliases.addAll(f.networkAliases());
        return b;
    }

    /** Builder of {@link ContainerSettings}; every setter returns the builder and replaces the earlier value. */
    public static final class Builder {
        private boolean readOnly;
        private final List<String> capAdd = new ArrayList<>();
        private final List<String> capDrop = new ArrayList<>();
        private final List<String> securityOpt = new ArrayList<>();
        private final List<Ulimit> ulimits = new ArrayList<>();
        private Boolean init;
        private long shmSize;
        private final Map<String, String> tmpfs = new LinkedHashMap<>();
        private String logDriver;
        private final Map<String, String> logOptions = new LinkedHashMap<>();
        private final Map<String, String> sysctls = new LinkedHashMap<>();
        private final List<String> devices = new ArrayList<>();
        private Long pidsLimit;
        private long nanoCpus;
        private Long memoryLimit;
        private long memoryReservation;
        private Long memswapLimit;
        private Integer memSwappiness;
        private Integer oomScoreAdj;
        private long cpuQuota;
        private long cpuPeriod;
        private String cpuset;
        private String ipc;
        private String pid;
        private String usernsMode;
        private String cgroupParent;
        private final List<String> groupAdd = new ArrayList<>();
        private String domainname;
        private String stopSignal;
        private Duration stopGracePeriod;
        private final List<String> volumesFrom = new ArrayList<>();
        private Healthcheck healthcheck;
        private final List<FileMount> files = new ArrayList<>();
        private boolean appNetwork;
        private final List<String> networkAliases = new ArrayList<>();

        private Builder() {
        }

        private static <T> void replace(List<T> target, List<T> v) {
            target.clear();
            target.addAll(v);
        }

        private static void replace(Map<String, String> target, Map<String, String> v) {
            target.clear();
            target.putAll(v);
        }

        /** Read-only root file system. */
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        /** Capabilities to add. */
        public Builder capAdd(List<String> v) { replace(capAdd, v); return this; }
        /** Capabilities to drop. */
        public Builder capDrop(List<String> v) { replace(capDrop, v); return this; }
        /** Security options. */
        public Builder securityOpt(List<String> v) { replace(securityOpt, v); return this; }
        /** Resource limits. */
        public Builder ulimits(List<Ulimit> v) { replace(ulimits, v); return this; }
        /** Init process, or {@code null}. */
        public Builder init(Boolean v) { init = v; return this; }
        /** {@code /dev/shm} size in bytes. */
        public Builder shmSize(long v) { shmSize = v; return this; }
        /** Tmpfs mounts: path to options. */
        public Builder tmpfs(Map<String, String> v) { replace(tmpfs, v); return this; }
        /** Logging driver. */
        public Builder logDriver(String v) { logDriver = v; return this; }
        /** Logging options. */
        public Builder logOptions(Map<String, String> v) { replace(logOptions, v); return this; }
        /** Kernel parameters. */
        public Builder sysctls(Map<String, String> v) { replace(sysctls, v); return this; }
        /** Device mappings. */
        public Builder devices(List<String> v) { replace(devices, v); return this; }
        /** Process limit, or {@code null}. */
        public Builder pidsLimit(Long v) { pidsLimit = v; return this; }
        /** CPU limit in billionths of a core. */
        public Builder nanoCpus(long v) { nanoCpus = v; return this; }
        /** Hard memory limit, or {@code null} for the reservation's. */
        public Builder memoryLimit(Long v) { memoryLimit = v; return this; }
        /** Soft memory limit. */
        public Builder memoryReservation(long v) { memoryReservation = v; return this; }
        /** Memory plus swap limit, or {@code null}. */
        public Builder memswapLimit(Long v) { memswapLimit = v; return this; }
        /** Swappiness, or {@code null}. */
        public Builder memSwappiness(Integer v) { memSwappiness = v; return this; }
        /** OOM score adjustment, or {@code null}. */
        public Builder oomScoreAdj(Integer v) { oomScoreAdj = v; return this; }
        /** CFS quota. */
        public Builder cpuQuota(long v) { cpuQuota = v; return this; }
        /** CFS period. */
        public Builder cpuPeriod(long v) { cpuPeriod = v; return this; }
        /** Allowed CPUs. */
        public Builder cpuset(String v) { cpuset = v; return this; }
        /** IPC mode. */
        public Builder ipc(String v) { ipc = v; return this; }
        /** PID mode. */
        public Builder pid(String v) { pid = v; return this; }
        /** User namespace mode. */
        public Builder usernsMode(String v) { usernsMode = v; return this; }
        /** Parent cgroup. */
        public Builder cgroupParent(String v) { cgroupParent = v; return this; }
        /** Supplementary groups. */
        public Builder groupAdd(List<String> v) { replace(groupAdd, v); return this; }
        /** NIS domain name. */
        public Builder domainname(String v) { domainname = v; return this; }
        /** Stop signal. */
        public Builder stopSignal(String v) { stopSignal = v; return this; }
        /** Stop grace period. */
        public Builder stopGracePeriod(Duration v) { stopGracePeriod = v; return this; }
        /** Volumes of other containers. */
        public Builder volumesFrom(List<String> v) { replace(volumesFrom, v); return this; }
        /** Health check as declared, or {@code null}. */
        public Builder healthcheck(Healthcheck v) { healthcheck = v; return this; }
        /** Secret and config files. */
        public Builder files(List<FileMount> v) { replace(files, v); return this; }
        /** One network per application and engine. */
        public Builder appNetwork(boolean v) { appNetwork = v; return this; }
        /** Further names on the application's network. */
        public Builder networkAliases(List<String> v) { replace(networkAliases, v); return this; }

        /** The settings; fails with {@code INVALID_ARGUMENT} on an out-of-range value. */
        public ContainerSettings build() {
            return new ContainerSettings(new Fields(readOnly, capAdd, capDrop, securityOpt, ulimits, init, shmSize, tmpfs,
                    logDriver, logOptions, sysctls, devices, pidsLimit, nanoCpus, memoryLimit, memoryReservation,
                    memswapLimit, memSwappiness, oomScoreAdj, cpuQuota, cpuPeriod, cpuset, ipc, pid, usernsMode,
                    cgroupParent, groupAdd, domainname, stopSignal, stopGracePeriod, volumesFrom, healthcheck, files,
                    appNetwork, networkAliases));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ContainerSettings other && f.equals(other.f);
    }

    @Override
    public int hashCode() {
        return f.hashCode();
    }

    /** The text Java gives records: {@code ContainerSettings[field=value, ...]}. */
    @Override
    public String toString() {
        return this == NONE ? NoneText.TEXT : RecordText.of("ContainerSettings", f, Map.of());
    }

    /** The text of {@link #NONE}, made once (most services have no container settings; the text masks nothing). */
    private static final class NoneText {
        static final String TEXT = RecordText.of("ContainerSettings", NONE.f, Map.of());
    }
}

package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.Clock;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.InfrastructureProvider;
import dev.acs.core.spi.InstanceType;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineProfile;
import dev.acs.core.spi.MachineState;
import dev.acs.core.spi.RuntimeContainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The simulated cloud: machines in regions and zones, and a container engine on every running machine, all kept
 * in memory. Build one with {@link #builder()}, then hand {@link #infrastructure()} and {@link #runtime()} to the
 * control plane; both views share one state, so a machine created through the provider becomes an engine the
 * runtime reaches (by {@link dev.acs.core.model.Node#machineId()}, else by the node's address).
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * SimCloud cloud = SimCloud.builder().clock(clock)
 *         .region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f", "cn-hangzhou-g")
 *         .instanceTypes(SimInstanceTypes.defaults())
 *         .quota(20).stock("cn-hangzhou-e", "ecs.gn5-c4g1.xlarge", 2)
 *         .bootTime(Duration.ofSeconds(30))
 *         .build();
 * ControlPlane cp = ControlPlane.builder().clock(clock)
 *         .infrastructure(cloud.infrastructure()).runtime(cloud.runtime()) ... .build();
 * clock.advance(Duration.ofMinutes(1));      // machines boot, containers restart, events are delivered
 * cloud.loseNode(machineId);                 // and faults are injected
 * }</pre>
 *
 * <p><b>Time.</b> Every state change that takes time (booting, stopping, restarting a crashed container) is
 * scheduled on the {@link Clock} given to the builder, so the simulation is deterministic on a
 * {@link dev.acs.core.clock.ManualClock} and runs in real time on a {@link dev.acs.core.clock.SystemClock}. The
 * simulator never blocks a caller and never reads the wall clock itself.
 *
 * <p><b>Machines</b> go {@code PENDING} → {@code STARTING} (after {@link Builder#pendingTime}; the private address
 * is assigned) → {@code RUNNING} (after {@link Builder#bootTime}); a release goes {@code STOPPING} →
 * {@code RELEASED} (after {@link Builder#stopTime}) and gives the stock back; a re-image
 * ({@code reinitializeMachines}) wipes the machine's containers at once and goes {@code STARTING} → {@code RUNNING}
 * (after the boot time). Ids the cloud never made describe as
 * {@code RELEASED} with no zone, type or address. A client token names one request: repeating it returns the
 * machines it made; using it for a different request fails with {@code INVALID_ARGUMENT} (ECS's
 * {@code IdempotentParameterMismatch}). The engine answers only while the
 * machine is {@code RUNNING} and not lost.
 *
 * <p><b>API timing.</b> Every call takes {@link Builder#apiLatency} plus any delay injected with
 * {@link #delayApi}; when that is longer than the call's timeout the call fails with {@code TIMEOUT} and changes
 * nothing. The caller is not made to wait: the latency only decides whether the call times out.
 *
 * <p><b>Events</b> of the runtime are delivered as clock tasks due at once: on the clock's thread with a
 * {@code SystemClock}, and during the next {@code advance} (an {@code advance(Duration.ZERO)} is enough) with a
 * {@code ManualClock}. A listener therefore never runs inside a runtime call, and events arrive in order. A
 * node's event streams end when the node is lost or its machine released (subscribe again once it answers).
 *
 * <p><b>Containers</b> run until stopped unless their service is set to end by itself with {@link #exitAfter}.
 *
 * <p><b>Fault injection</b> (for tests and demos): {@link #loseNode}, {@link #restoreNode}, {@link #failContainer},
 * {@link #failProbe}, {@link #probeBehaviourForService}, {@link #probeBehaviourForContainer}, {@link #delayApi},
 * {@link #failApi}, {@link #failApiAfterEffect} and {@link #clearFaults}.
 *
 * <p><b>Threading.</b> Safe for concurrent use: every call and every clock task runs under one lock.
 */
public final class SimCloud {
    final Object lock = new Object();
    private final SimRegistry registry = new SimRegistry();
    final Clock clock;
    final Map<String, Zone> zones;
    final Map<String, List<Zone>> regions;
    final Map<String, InstanceType> types;
    /** Stock left per zone and type ({@code zone/type}); absent means unlimited. */
    final Map<String, Integer> stock;
    final int quota;
    final Duration pendingTime;
    final Duration bootTime;
    final Duration stopTime;
    final Duration restartBackoff;
    final Duration pullTime;
    final ImageCatalogue images;
    final Map<String, SimMachine> machines = new LinkedHashMap<>();
    final Map<String, ProbeBehaviour> probeByService = new HashMap<>();
    final Map<String, ProbeBehaviour> probeByContainer = new HashMap<>();
    final Map<String, Integer> failingProbes = new HashMap<>();
    final Map<String, SelfExit> selfExits = new HashMap<>();
    final Map<String, LoadProfile> loads = new HashMap<>();
    ProbeBehaviour defaultProbe;
    private final ApiFaults faults;
    private long sequence;
    private final SimInfrastructure infrastructure;
    final SimRuntime runtime;
    final SimWorkload workload;

    /** How the containers of a service end by themselves. */
    record SelfExit(Duration after, int exitCode) {
    }

    private SimCloud(Builder b) {
        this.clock = b.clock;
        this.regions = new LinkedHashMap<>(b.regions);
        this.zones = new LinkedHashMap<>();
        regions.values().forEach(list -> list.forEach(z -> zones.put(z.zoneId(), z)));
        this.types = new LinkedHashMap<>();
        b.types.forEach(t -> types.put(t.name(), t));
        this.stock = new HashMap<>(b.stock);
        this.quota = b.quota;
        this.pendingTime = b.pendingTime;
        this.bootTime = b.bootTime;
        this.stopTime = b.stopTime;
        this.restartBackoff = b.restartBackoff;
        this.pullTime = b.pullTime;
        this.faults = new ApiFaults(b.apiLatency);
        this.images = b.images;
        this.defaultProbe = b.probe;
        this.infrastructure = new SimInfrastructure(this);
        this.runtime = new SimRuntime(this);
        this.workload = new SimWorkload(this);
    }

    /** A builder; only the clock is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The machines view: zones, instance types, create, describe, release. */
    public InfrastructureProvider infrastructure() {
        return infrastructure;
    }

    /** The containers view: an engine on every running machine. */
    public ContainerRuntime runtime() {
        return runtime;
    }

    /** What the containers do inside: their log lines and files, command and HTTP answers, host entries. */
    public SimWorkload workload() {
        return workload;
    }

    /** The clock the simulation runs on. */
    public Clock clock() {
        return clock;
    }

    /** Every machine the cloud made, released ones included, in creation order. */
    public List<Machine> machines() {
        synchronized (lock) {
            return machines.values().stream().map(SimMachine::describe).toList();
        }
    }

    /** Machines of {@code type} still available in zone {@code zoneId}; empty when the stock is unlimited. */
    public OptionalInt stockLeft(String zoneId, String type) {
        synchronized (lock) {
            Integer left = stock.get(stockKey(zoneId, type));
            return left == null ? OptionalInt.empty() : OptionalInt.of(left);
        }
    }

    // ---- fault injection ----

    /**
     * Loses a node: its engine stops answering ({@link ContainerRuntime#ping} is {@code false}, every other runtime
     * call fails with {@code PROVIDER_UNAVAILABLE} naming the node) and its containers are gone for good, as when a
     * host dies with its disk; its event streams end. The machine itself still describes as it was (the cloud does
     * not notice a hung host).
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown or released machine
     */
    public void loseNode(String machineId) {
        synchronized (lock) {
            SimMachine m = requireMachine(machineId);
            m.lost = true;
            m.wipeContainers();
        }
    }

    /**
     * Sets what a machine tells about its network type, public access, kernel and Docker (every machine starts with
     * {@link MachineProfile#UNKNOWN}), to exercise the checks of adding existing machines to a cluster.
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown or released machine
     */
    public void describeMachineAs(String machineId, MachineProfile profile) {
        synchronized (lock) {
            requireMachine(machineId).profile = profile == null ? MachineProfile.UNKNOWN : profile;
        }
    }

    /**
     * Brings a lost node back: its engine answers again, with no containers (see {@link #loseNode}).
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown or released machine
     */
    public void restoreNode(String machineId) {
        synchronized (lock) {
            requireMachine(machineId).lost = false;
        }
    }

    /**
     * Makes a running container's process exit with {@code exitCode}, as a crash would; its restart policy then
     * applies (restart in place after a back-off that doubles with every restart).
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown container, {@code INVALID_STATE} when it is not running
     */
    public void failContainer(String runtimeId, int exitCode) {
        runtime.crash(runtimeId, exitCode);
    }

    /**
     * Pushes a new image under {@code image}'s name to the simulated registries, as {@code docker push} of a new build
     * under the same tag: machines that pull it afterwards (a redeploy, a create that asks for the latest image) get a
     * new image id; containers made before keep theirs.
     */
    public void pushImage(String image) {
        synchronized (lock) {
            registry.push(ImageRef.parse(image));
        }
    }

    /** The id the registries have for an image now. */
    String imageId(ImageRef image) {
        synchronized (lock) {
            return registry.imageId(image);
        }
    }

    /**
     * Makes the next {@code times} health checks of a container fail, whatever its probe behaviour says.
     *
     * @throws AcsException {@code NOT_FOUND} for an unknown container, {@code INVALID_ARGUMENT} for a negative count
     */
    public void failProbe(String runtimeId, int times) {
        if (times < 0) {
            throw AcsException.invalidArgument("a probe failure count must be 0 or more, got " + times);
        }
        synchronized (lock) {
            runtime.requireContainer(runtimeId);
            failingProbes.put(runtimeId, times);
        }
    }

    /**
     * Makes the containers of a service (by service name) exit by themselves with {@code exitCode} once they have
     * run for {@code runTime} after each start, as a batch job or a crashing program does; their restart policy then
     * applies. {@code null} as the run time makes them run until stopped again (the default).
     */
    public void exitAfter(String service, Duration runTime, int exitCode) {
        Objects.requireNonNull(service, "service");
        if (runTime != null && runTime.isNegative()) {
            throw AcsException.invalidArgument("a run time must be zero or more, got " + runTime);
        }
        synchronized (lock) {
            if (runTime == null) {
                selfExits.remove(service);
            } else {
                selfExits.put(service, new SelfExit(runTime, exitCode));
            }
        }
    }

    /**
     * Sets what the running containers of a service (by service name) use, as {@code ContainerRuntime.stats} reports
     * it; {@code null} removes the profile (no load).
     */
    public void loadProfile(String service, LoadProfile profile) {
        Objects.requireNonNull(service, "service");
        synchronized (lock) {
            if (profile == null) {
                loads.remove(service);
            } else {
                loads.put(service, profile);
            }
        }
    }

    /** Sets how containers without a more specific behaviour answer health checks. */
    public void probeBehaviour(ProbeBehaviour behaviour) {
        synchronized (lock) {
            defaultProbe = Objects.requireNonNull(behaviour, "behaviour");
        }
    }

    /** Sets how the containers of a service (by service name) answer health checks; {@code null} removes it. */
    public void probeBehaviourForService(String service, ProbeBehaviour behaviour) {
        synchronized (lock) {
            putOrRemove(probeByService, Objects.requireNonNull(service, "service"), behaviour);
        }
    }

    /**
     * Sets how one container (by runtime id or control-plane container id) answers health checks; {@code null}
     * removes it. Takes precedence over the service's behaviour.
     */
    public void probeBehaviourForContainer(String id, ProbeBehaviour behaviour) {
        synchronized (lock) {
            putOrRemove(probeByContainer, Objects.requireNonNull(id, "id"), behaviour);
        }
    }

    /** Adds {@code delay} to every later call of {@code operation}; {@link Duration#ZERO} removes the delay. */
    public void delayApi(SimOperation operation, Duration delay) {
        synchronized (lock) {
            faults.delay(operation, delay);
        }
    }

    /**
     * Makes the next {@code times} calls of {@code operation} fail with {@code code} before they change anything
     * (for {@link SimOperation#PING}: answer {@code false}); 0 removes the failure.
     */
    public void failApi(SimOperation operation, ErrorCode code, int times) {
        synchronized (lock) {
            faults.inject(operation, code, times, false);
        }
    }

    /**
     * Makes the next {@code times} calls of {@code operation} take effect and then fail with {@code code}, as a call
     * whose answer was lost on the way back does (typically {@code TIMEOUT} or {@code PROVIDER_UNAVAILABLE}); the
     * caller must find out what happened, e.g. by repeating a {@code createMachines} with the same client token.
     * 0 removes the failure. Replaces any failure injected for the operation with {@link #failApi}.
     */
    public void failApiAfterEffect(SimOperation operation, ErrorCode code, int times) {
        synchronized (lock) {
            faults.inject(operation, code, times, true);
        }
    }

    /** Removes every injected API delay and failure and every pending probe failure (lost nodes stay lost). */
    public void clearFaults() {
        synchronized (lock) {
            faults.clear();
            failingProbes.clear();
        }
    }

    /**
     * Every container on a machine's engine, foreign ones included, in creation order (what {@code docker ps -a}
     * shows); empty for a lost or released machine.
     *
     * @throws AcsException {@code NOT_FOUND} for a machine the cloud never made
     */
    public List<RuntimeContainer> containersOn(String machineId) {
        synchronized (lock) {
            SimMachine m = machines.get(machineId);
            if (m == null) {
                throw AcsException.notFound("machine", String.valueOf(machineId));
            }
            return m.containers.values().stream().map(SimContainer::snapshot).toList();
        }
    }

    /**
     * Runs a container the control plane did not make on a machine (as {@code docker run} by someone else would):
     * it carries no control-plane id, so {@link ContainerRuntime#list} never returns it.
     *
     * @return its runtime id
     * @throws AcsException {@code NOT_FOUND} for an unknown machine, {@code PROVIDER_UNAVAILABLE} when the machine's
     *                      engine does not answer
     */
    public String runForeignContainer(String machineId, String name, String image) {
        synchronized (lock) {
            SimMachine m = requireMachine(machineId);
            if (!m.answers()) {
                throw new AcsException(ErrorCode.PROVIDER_UNAVAILABLE, "the engine of machine " + machineId
                        + " does not answer (" + m.state + (m.lost ? ", lost" : "") + ")");
            }
            return runtime.runForeign(m, name, ImageRef.parse(image));
        }
    }

    // ---- shared helpers (under the lock) ----

    /**
     * Runs one API call under the lock: its timing and injected failures ({@link ApiFaults#enter}) first, then the
     * call's {@code body}, then any failure injected to strike after the effect.
     */
    <T> T call(SimOperation operation, Duration timeout, Supplier<T> body) {
        synchronized (lock) {
            faults.enter(operation, timeout, () -> nextId("req", 8));
            T result = body.get();
            faults.failIfInjected(operation, true, () -> nextId("req", 8));
            return result;
        }
    }

    /**
     * Fails with {@code TIMEOUT} when the call's latency plus {@code extra} (work the call does, such as an image
     * pull) is longer than its timeout.
     */
    void requireWithin(SimOperation operation, Duration timeout, Duration extra, String extraWhat) {
        faults.requireWithin(operation, timeout, extra, extraWhat);
    }

    /** A deterministic id: {@code prefix-} and {@code hexChars} hex digits derived from a per-cloud sequence. */
    String nextId(String prefix, int hexChars) {
        String hex = SimRegistry.sha256Hex(prefix + ":" + ++sequence).substring(0, hexChars);
        return prefix.isEmpty() ? hex : prefix + "-" + hex;
    }

    SimMachine requireMachine(String machineId) {
        SimMachine m = machines.get(machineId);
        if (m == null || m.state == MachineState.RELEASED) {
            throw AcsException.notFound("machine", String.valueOf(machineId));
        }
        return m;
    }

    static String stockKey(String zoneId, String type) {
        return zoneId + "/" + type;
    }

    static <T> void putOrRemove(Map<String, T> map, String key, T behaviour) {
        if (behaviour == null) {
            map.remove(key);
        } else {
            map.put(key, behaviour);
        }
    }

    static boolean isLive(ContainerState s) {
        return s == ContainerState.RUNNING || s == ContainerState.RESTARTING;
    }

    /** Builder of {@link SimCloud}; every setter returns the builder. */
    public static final class Builder {
        private Clock clock;
        private final Map<String, List<Zone>> regions = new LinkedHashMap<>();
        private List<InstanceType> types = SimInstanceTypes.defaults();
        private final Map<String, Integer> stock = new HashMap<>();
        private int quota = Integer.MAX_VALUE;
        private Duration pendingTime = Duration.ofSeconds(5);
        private Duration bootTime = Duration.ofSeconds(25);
        private Duration stopTime = Duration.ofSeconds(5);
        private Duration restartBackoff = Duration.ofMillis(100);
        private Duration apiLatency = Duration.ZERO;
        private Duration pullTime = Duration.ZERO;
        private ImageCatalogue images = ImageCatalogue.any();
        private ProbeBehaviour probe = ProbeBehaviour.healthy();

        private Builder() {
        }

        /** The clock that drives every state change (required). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a region with its zones, e.g. {@code region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f")}. Without
         * any region the cloud has {@code cn-hangzhou} (zones e, f, g) and {@code cn-beijing} (zones a, b, c).
         */
        public Builder region(String regionId, String... zoneIds) {
            if (zoneIds.length == 0) {
                throw AcsException.invalidArgument("region '" + regionId + "' needs at least one zone");
            }
            List<Zone> list = new ArrayList<>();
            for (String z : zoneIds) {
                list.add(new Zone(regionId, z));
            }
            regions.put(regionId, List.copyOf(list));
            return this;
        }

        /** The instance types offered in every zone ({@link SimInstanceTypes#defaults()} unless set). */
        public Builder instanceTypes(List<InstanceType> instanceTypes) {
            if (instanceTypes.isEmpty()) {
                throw AcsException.invalidArgument("the simulated cloud needs at least one instance type");
            }
            this.types = List.copyOf(instanceTypes);
            return this;
        }

        /** The most machines that may exist at once (not yet released); unlimited unless set. */
        public Builder quota(int maxInstances) {
            if (maxInstances < 0) {
                throw AcsException.invalidArgument("an instance quota must be 0 or more, got " + maxInstances);
            }
            this.quota = maxInstances;
            return this;
        }

        /**
         * How many machines of {@code type} zone {@code zoneId} can still provide (unlimited unless set); 0 makes the
         * type unavailable there. Released machines give their stock back.
         */
        public Builder stock(String zoneId, String type, int machines) {
            if (machines < 0) {
                throw AcsException.invalidArgument("stock must be 0 or more, got " + machines);
            }
            stock.put(stockKey(zoneId, type), machines);
            return this;
        }

        /** Time from creation to {@code STARTING} (default 5 s). */
        public Builder pendingTime(Duration d) {
            this.pendingTime = nonNegative(d, "pending time");
            return this;
        }

        /** Time from {@code STARTING} to {@code RUNNING} (default 25 s). */
        public Builder bootTime(Duration d) {
            this.bootTime = nonNegative(d, "boot time");
            return this;
        }

        /** Time from {@code STOPPING} to {@code RELEASED} (default 5 s). */
        public Builder stopTime(Duration d) {
            this.stopTime = nonNegative(d, "stop time");
            return this;
        }

        /** First delay before a crashed container is restarted; it doubles with every restart up to a minute (default 100 ms, as Docker). */
        public Builder restartBackoff(Duration d) {
            this.restartBackoff = nonNegative(d, "restart back-off");
            return this;
        }

        /** Time every API call takes (default zero); a call whose timeout is shorter fails with {@code TIMEOUT}. */
        public Builder apiLatency(Duration d) {
            this.apiLatency = nonNegative(d, "API latency");
            return this;
        }

        /**
         * Time the first pull of an image onto a machine adds to the {@code create} call that needs it (default zero);
         * a create whose timeout is shorter fails with {@code TIMEOUT} and pulls nothing.
         */
        public Builder pullTime(Duration d) {
            this.pullTime = nonNegative(d, "pull time");
            return this;
        }

        /** The images the registries hold ({@link ImageCatalogue#any()} unless set). */
        public Builder images(ImageCatalogue catalogue) {
            this.images = Objects.requireNonNull(catalogue, "catalogue");
            return this;
        }

        /** How containers answer health checks unless overridden ({@link ProbeBehaviour#healthy()} unless set). */
        public Builder probeBehaviour(ProbeBehaviour behaviour) {
            this.probe = Objects.requireNonNull(behaviour, "behaviour");
            return this;
        }

        /**
         * Builds the cloud.
         *
         * @throws AcsException {@code INVALID_ARGUMENT} without a clock, or when a stock entry names an unknown zone
         *                      or instance type
         */
        public SimCloud build() {
            if (clock == null) {
                throw AcsException.invalidArgument("the simulated cloud needs a clock: pass a ManualClock for virtual "
                        + "time or a SystemClock for real time");
            }
            if (regions.isEmpty()) {
                region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f", "cn-hangzhou-g");
                region("cn-beijing", "cn-beijing-a", "cn-beijing-b", "cn-beijing-c");
            }
            for (String key : stock.keySet()) {
                String zone = key.substring(0, key.indexOf('/'));
                String type = key.substring(key.indexOf('/') + 1);
                if (regions.values().stream().flatMap(List::stream).noneMatch(z -> z.zoneId().equals(zone))) {
                    throw AcsException.invalidArgument("stock is set for unknown zone '" + zone + "': add it with region(...)");
                }
                if (types.stream().noneMatch(t -> t.name().equals(type))) {
                    throw AcsException.invalidArgument("stock is set for unknown instance type '" + type + "'");
                }
            }
            return new SimCloud(this);
        }

        private static Duration nonNegative(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw AcsException.invalidArgument("the " + what + " must be zero or more, got " + d);
            }
            return d;
        }
    }
}

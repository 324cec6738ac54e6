package dev.acs.cloud.swarm;

import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.Orchestrator;
import dev.acs.core.spi.OrchestratorProvisioner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns the new machines of a cluster into a Docker Swarm-mode cluster ({@code clusters().createOrchestrated}):
 * {@code swarm init} on the first machine, {@code swarm join} with the manager token for the next managers and with
 * the worker token for the others (through {@link SwarmSetup}), then a {@link SwarmOrchestrator} over the managers'
 * endpoints. When a step fails, the engines that had joined leave the swarm again (best effort) and the call fails
 * naming the machine; the control plane then releases the machines.
 *
 * <p>Each machine's Docker endpoint is {@code tcp://ADDRESS:2376} with a client bundle and {@code tcp://ADDRESS:2375}
 * without one, and it advertises its address to the other nodes; both can be changed on the builder. Closing the
 * provisioner closes the orchestrators it made.
 *
 * <pre>{@code
 * SwarmProvisioner swarms = SwarmProvisioner.builder().tls(bundle).build();
 * ControlPlane plane = ControlPlane.builder().infrastructure(ecs).orchestratorProvisioner(swarms).build();
 * plane.clusters().createOrchestrated(ClusterSpec.classic("web", zone, 3, "ecs.n4.large"), 1);
 * }</pre>
 */
public final class SwarmProvisioner implements OrchestratorProvisioner, AutoCloseable {
    private final CertificateBundle tls;
    private final Function<Machine, String> endpoint;
    private final Function<Machine, String> advertise;
    private final boolean routingMesh;
    private final SwarmSetup setup;
    private final List<SwarmOrchestrator> made = new ArrayList<>();

    private SwarmProvisioner(Builder b) {
        this.tls = b.tls;
        String port = tls == null ? ":2375" : ":2376";
        this.endpoint = b.endpoint != null ? b.endpoint : m -> "tcp://" + m.address() + port;
        this.advertise = b.advertise;
        this.routingMesh = b.routingMesh;
        this.setup = SwarmSetup.create(tls);
    }

    /** A builder; the defaults reach every machine at its address over plain TCP. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Orchestrator provision(String clusterName, List<Machine> machines, int managers, Duration timeout) {
        if (machines.isEmpty() || managers < 1 || managers > machines.size()) {
            throw AcsException.invalidArgument("cluster '" + clusterName + "': a swarm of " + machines.size()
                    + " machines needs 1 to " + machines.size() + " managers, not " + managers);
        }
        for (Machine m : machines) {
            if (m.address() == null) {
                throw AcsException.invalidArgument("cluster '" + clusterName + "': machine " + m.id()
                        + " has no address yet, so it cannot join a swarm");
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Machine> joined = new ArrayList<>();
        try {
            Machine first = machines.get(0);
            SwarmJoinTokens tokens = step(first, () -> setup.init(endpoint.apply(first), advertise.apply(first),
                    left(deadline)));
            joined.add(first);
            String managerAddress = advertise.apply(first) + ":2377";
            for (int i = 1; i < machines.size(); i++) {
                Machine m = machines.get(i);
                String token = i < managers ? tokens.manager() : tokens.worker();
                step(m, () -> {
                    setup.join(endpoint.apply(m), managerAddress, token, advertise.apply(m), left(deadline));
                    return null;
                });
                joined.add(m);
            }
        } catch (AcsException e) {
            for (int i = joined.size() - 1; i >= 0; i--) {
                try {
                    setup.leave(endpoint.apply(joined.get(i)), Duration.ofSeconds(10));
                } catch (AcsException leaveError) {
                    e.addSuppressed(leaveError);
                }
            }
            throw e;
        }
        return connect(clusterName, machines.subList(0, managers));
    }

    /** A {@link SwarmOrchestrator} over the managers' endpoints; nothing is called on them yet. */
    @Override
    public Orchestrator connect(String clusterName, List<Machine> managers) {
        SwarmOrchestrator.Builder orchestrator = SwarmOrchestrator.builder().routingMesh(routingMesh);
        managers.forEach(m -> orchestrator.manager(endpoint.apply(m)));
        if (tls != null) {
            orchestrator.tls(tls);
        }
        SwarmOrchestrator swarm = orchestrator.build();
        synchronized (made) {
            made.add(swarm);
        }
        return swarm.asOrchestrator();
    }

    /** One step on one machine; its failure names the machine. */
    private static <T> T step(Machine m, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (AcsException e) {
            throw new AcsException(e.code(), "machine " + m.id() + " (" + m.address() + "): " + e.getMessage(), e);
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos()));
    }

    /** Closes the orchestrators this provisioner made. */
    @Override
    public void close() {
        synchronized (made) {
            made.forEach(SwarmOrchestrator::close);
            made.clear();
        }
    }

    /** Builds a {@link SwarmProvisioner}. */
    public static final class Builder {
        private CertificateBundle tls;
        private Function<Machine, String> endpoint;
        private Function<Machine, String> advertise = Machine::address;
        private boolean routingMesh = true;

        private Builder() {
        }

        /** The client bundle for {@code --tlsverify} engines; the default endpoint port is then 2376. */
        public Builder tls(CertificateBundle clientBundle) {
            this.tls = Objects.requireNonNull(clientBundle, "clientBundle");
            return this;
        }

        /** How to reach a machine's Docker engine; by default {@code tcp://ADDRESS:2375}, or 2376 with TLS. */
        public Builder endpoint(Function<Machine, String> endpointOfMachine) {
            this.endpoint = Objects.requireNonNull(endpointOfMachine, "endpointOfMachine");
            return this;
        }

        /** The address a machine advertises to the other swarm nodes; by default its address. */
        public Builder advertiseAddress(Function<Machine, String> addressOfMachine) {
            this.advertise = Objects.requireNonNull(addressOfMachine, "addressOfMachine");
            return this;
        }

        /** Whether the orchestrators publish ports through the routing mesh (see {@link SwarmOrchestrator.Builder}). */
        public Builder routingMesh(boolean enabled) {
            this.routingMesh = enabled;
            return this;
        }

        /** The provisioner. */
        public SwarmProvisioner build() {
            return new SwarmProvisioner(this);
        }
    }
}

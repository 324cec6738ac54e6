package dev.acs.cloud.swarm;

import com.github.dockerjava.api.model.SwarmSpec;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns engines into a swarm: {@link #init} makes the first manager ({@code docker swarm init}), {@link #join} adds an
 * engine as a worker or a manager with a join token ({@code docker swarm join}), {@link #tokens} reads the tokens from
 * a manager. This is the path by which machines a provider hands out become the nodes of a Swarm-mode cluster.
 *
 * <pre>{@code
 * SwarmSetup setup = SwarmSetup.create(clientBundle);
 * SwarmJoinTokens tokens = setup.init("tcp://10.0.0.5:2376", "10.0.0.5", timeout);
 * setup.join("tcp://10.0.0.6:2376", "10.0.0.5:2377", tokens.worker(), "10.0.0.6", timeout);
 * }</pre>
 */
public final class SwarmSetup {
    private final CertificateBundle tls;

    private SwarmSetup(CertificateBundle tls) {
        this.tls = tls;
    }

    /** Setup over unix sockets or plain TCP, or with this client bundle for {@code --tlsverify} engines. */
    public static SwarmSetup create(CertificateBundle clientBundleOrNull) {
        return new SwarmSetup(clientBundleOrNull);
    }

    /**
     * Initialises a new swarm on the engine at {@code endpoint}, which becomes its first manager, listening for the
     * other nodes on {@code advertiseAddress:2377}; returns the join tokens.
     *
     * @throws AcsException {@code INVALID_STATE} when the engine is in a swarm already
     */
    public SwarmJoinTokens init(String endpoint, String advertiseAddress, Duration timeout) {
        call(endpoint, "initialising a swarm on " + endpoint, timeout, c -> c.initializeSwarmCmd(new SwarmSpec())
                .withAdvertiseAddr(advertiseAddress).withListenAddr(advertiseAddress + ":2377").exec());
        return tokens(endpoint, timeout);
    }

    /**
     * The join tokens, read from a manager.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the engine is not a manager
     */
    public SwarmJoinTokens tokens(String managerEndpoint, Duration timeout) {
        try (ManagerConnection c = connection(managerEndpoint, timeout)) {
            c.requireManager(timeout);
            var tokens = c.call("reading the join tokens", timeout, d -> d.inspectSwarmCmd().exec().getJoinTokens());
            return new SwarmJoinTokens(tokens.getWorker(), tokens.getManager());
        }
    }

    /**
     * Joins the engine at {@code endpoint} to the swarm of the manager at {@code managerAddress} ({@code host:2377})
     * with {@code token} (a worker or a manager token), advertising {@code advertiseAddress} to the other nodes.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} when the token is wrong (the message says where to get a valid
     *                      one), {@code INVALID_STATE} when the engine is in a swarm already
     */
    public void join(String endpoint, String managerAddress, String token, String advertiseAddress,
                     Duration timeout) {
        call(endpoint, "joining " + endpoint + " to the swarm at " + managerAddress, timeout, c -> c.joinSwarmCmd()
                .withRemoteAddrs(List.of(managerAddress)).withJoinToken(token)
                .withAdvertiseAddr(advertiseAddress).withListenAddr(advertiseAddress + ":2377").exec());
    }

    /**
     * Makes the engine at {@code endpoint} leave its swarm ({@code docker swarm leave --force}), whatever its role;
     * nothing happens when it is in no swarm.
     */
    public void leave(String endpoint, Duration timeout) {
        try {
            call(endpoint, "leaving the swarm on " + endpoint, timeout, c -> c.leaveSwarmCmd().withForceEnabled(true)
                    .exec());
        } catch (AcsException e) {
            if (!e.getMessage().toLowerCase(Locale.ROOT).contains("not part of a swarm")) {
                throw e;
            }
        }
    }

    /** One call, not retried, answered within {@code timeout}: a refusal (a wrong token ...) is the answer. */
    private void call(String endpoint, String what, Duration timeout,
                      Function<com.github.dockerjava.api.DockerClient, Object> action) {
        try (ManagerConnection c = connection(endpoint, timeout)) {
            c.callOnce(what, d -> {
                action.apply(d);
                return null;
            });
        } catch (AcsException e) {
            throw explain(what, e);
        }
    }

    private static AcsException explain(String what, AcsException e) {
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("already part of a swarm")) {
            return new AcsException(ErrorCode.INVALID_STATE, what + ": the engine is in a swarm already: use it as "
                    + "it is, or run 'docker swarm leave' on it first", e);
        }
        if (m.contains("token")) {
            return new AcsException(ErrorCode.INVALID_ARGUMENT, what + ": the join token is not valid for this "
                    + "swarm: read a current one from a manager ('docker swarm join-token worker' or "
                    + "SwarmSetup.tokens)", e);
        }
        return e;
    }

    /** A connection to one engine whose answers may take up to {@code timeout} (a join waits for the manager). */
    private ManagerConnection connection(String endpoint, Duration timeout) {
        return new ManagerConnection(List.of(Endpoints.parse(endpoint)), tls, Duration.ofSeconds(5), timeout);
    }
}

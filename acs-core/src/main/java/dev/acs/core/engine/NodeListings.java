package dev.acs.core.engine;

import dev.acs.core.model.Node;
import dev.acs.core.spi.RuntimeContainer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engines run, asked once per node for one reconcile pass ({@link dev.acs.core.spi.ContainerRuntime#list}),
 * instead of once per container: the first step of the pass that needs a node's listing asks for it (with the call
 * timeout, no lock held), the others of the pass reuse it. A listing is only a fast path: it can be older than a
 * record, so a container it shows in the state its record has is left alone, and anything else is checked again with
 * a fresh call. A node whose listing failed has none (its containers are checked one by one, as before).
 */
final class NodeListings {
    private final EngineContext ctx;
    private final Map<String, CompletableFuture<Map<String, RuntimeContainer>>> byNode = new ConcurrentHashMap<>();

    NodeListings(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** The containers the node's engine runs, by runtime id; empty when the engine did not answer. */
    Optional<Map<String, RuntimeContainer>> of(Node node) {
        CompletableFuture<Map<String, RuntimeContainer>> taken = byNode.get(node.id());
        if (taken != null) {
            return Optional.ofNullable(taken.join());
        }
        CompletableFuture<Map<String, RuntimeContainer>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, RuntimeContainer>> listing = byNode.putIfAbsent(node.id(), mine);
        if (listing == null) {
            listing = mine;
            try {
                Map<String, RuntimeContainer> byRuntimeId = new HashMap<>();
                for (RuntimeContainer rc : ctx.requireRuntime().list(node, ctx.callTimeout())) {
                    byRuntimeId.put(rc.runtimeId(), rc);
                }
                mine.complete(byRuntimeId);
            } catch (RuntimeException e) {
                mine.complete(null);
            }
        }
        return Optional.ofNullable(listing.join());
    }

    /** The node's listing if it has been taken already and the engine answered; never calls the engine. */
    Optional<Map<String, RuntimeContainer>> taken(Node node) {
        CompletableFuture<Map<String, RuntimeContainer>> listing = byNode.get(node.id());
        return listing == null || !listing.isDone() ? Optional.empty() : Optional.ofNullable(listing.join());
    }
}

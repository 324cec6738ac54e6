package dev.acs.cloud.swarm;

/**
 * A part of an application that Swarm mode cannot run as declared (a classic affinity rule, a soft constraint, a
 * pattern in a constraint ...). {@link SwarmOrchestrator#deploy} refuses an application with any problem before it
 * creates anything.
 *
 * @param service the declared service's name
 * @param key     what is concerned, as written: a directive ({@code affinity:service==db}) or a key ({@code volumes})
 * @param message why Swarm mode cannot express it and what to change
 */
public record SwarmProblem(String service, String key, String message) {
    @Override
    public String toString() {
        return "service '" + service + "': " + key + ": " + message;
    }
}

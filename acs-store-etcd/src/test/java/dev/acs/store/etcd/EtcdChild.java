package dev.acs.store.etcd;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A child process of the fault tests, killed or frozen by them. Every line it prints ends with {@link #END}, so a
 * line cut off by SIGKILL is recognised and ignored.
 *
 * <ul>
 *   <li>{@code writer ENDPOINTS PREFIX ID}: commits batches of two keys ({@code ID/N} and {@code ID/N.twin}) one after
 *       the other and prints {@code ACK N} once each commit returned, {@code ERR N CODE} when it failed.</li>
 *   <li>{@code leader ENDPOINTS PREFIX NAME TTL_SECONDS}: joins the election, prints {@code LEADER} when it wins,
 *       then commits {@code NAME/N} plus a blind write of {@code owner} (no version check, so only the fence guards
 *       it) every few milliseconds, printing {@code ACK N} or {@code REFUSED N CODE}.</li>
 * </ul>
 */
final class EtcdChild {
    static final String END = "\u0000END";

    private EtcdChild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> endpoints = Arrays.asList(args[1].split(","));
        EtcdStateStore store = EtcdStateStore.builder(endpoints).prefix(args[2]).timeout(Duration.ofSeconds(5)).open();
        if (args[0].equals("writer")) {
            write(store, args[3]);
        } else {
            lead(store, args[3], Duration.ofSeconds(Long.parseLong(args[4])));
        }
    }

    private static void write(EtcdStateStore store, String id) {
        say("READY");
        for (long n = 0; ; n++) {
            byte[] value = (id + "/" + n).getBytes(StandardCharsets.UTF_8);
            try {
                store.commit(List.of(StoreChange.put(id + "/" + n, StateStore.ABSENT, value),
                        StoreChange.put(id + "/" + n + ".twin", StateStore.ABSENT, value)));
                say("ACK " + n);
            } catch (AcsException e) {
                say("ERR " + n + " " + e.code());
            }
        }
    }

    private static void lead(EtcdStateStore store, String name, Duration ttl) throws InterruptedException {
        EtcdLeadership leadership = store.leadership(name, ttl);
        say("READY");
        while (!leadership.awaitLeadership(Duration.ofMinutes(5))) {
            say("WAITING");
        }
        say("LEADER");
        for (long n = 0; ; n++) {
            byte[] value = (name + "/" + n).getBytes(StandardCharsets.UTF_8);
            try {
                leadership.store().commit(List.of(StoreChange.put(name + "/" + n, StateStore.ABSENT, value),
                        StoreChange.put("owner", StateStore.ANY_VERSION, value)));
                say("ACK " + n);
            } catch (AcsException e) {
                say("REFUSED " + n + " " + e.code());
                if (e.code() == ErrorCode.NOT_LEADER) {
                    Thread.sleep(50);
                }
            }
            Thread.sleep(5);
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line + END);
        System.out.flush();
    }
}

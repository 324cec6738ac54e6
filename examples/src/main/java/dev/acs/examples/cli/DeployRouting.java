package dev.acs.examples.cli;

import dev.acs.cloud.haproxy.HaproxyRouter;
import dev.acs.core.model.AppSpec;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The routing layer {@code acs deploy --routing-port PORT} starts for its engines: a real HAProxy (Debian's
 * {@code haproxy}) on {@code 127.0.0.1:PORT} that routes the deployed applications' {@code aliyun.routing.*} domains
 * to their containers by the Host header. It lives in {@code STATE/haproxy} and outlives the command
 * ({@link HaproxyRouter.Builder#detached()}): later runs on the same state adopt and reload it, and it stops when its
 * master process is stopped.
 */
final class DeployRouting {
    private DeployRouting() {
    }

    /** Whether a template needs the routing layer: one of its services declares routes. */
    static boolean wanted(AppSpec spec) {
        return spec.services().stream().anyMatch(s -> !s.routes().isEmpty());
    }

    /** The detached router of the state directory, on {@code 127.0.0.1:port} (status frontend on {@code port + 1}). */
    static HaproxyRouter router(Path state, int port) {
        return HaproxyRouter.builder().workDir(state.toAbsolutePath().resolve("haproxy")).bind("127.0.0.1", port)
                .detached().build();
    }

    /** The line {@code acs deploy} prints about the running routing layer. */
    static String describe(HaproxyRouter router, int port) {
        long pid = router.masterPid();
        return String.format(Locale.ROOT, "routing http://127.0.0.1:%d (HAProxy master %d; it keeps routing after this "
                + "command: stop it with kill %d)", port, pid, pid);
    }
}

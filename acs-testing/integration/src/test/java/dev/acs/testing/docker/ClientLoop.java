package dev.acs.testing.docker;

import dev.acs.core.engine.ControlPlane;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.acs.testing.docker.EngineClusters.WAIT;
import static dev.acs.testing.docker.EngineClusters.await;

/** A client sending requests one after another through the proxy while an action runs, and reconcile passes. */
record ClientLoop(List<String> failures, int answered) {
    interface Action {
        void run(java.util.function.Supplier<Map<String, Integer>> recentAnswers) throws Exception;
    }

    static ClientLoop during(ControlPlane plane, int port, String host, Action action) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Map<String, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            while (running.get()) {
                java.time.Instant sent = java.time.Instant.now();
                try {
                    String[] r = get(port, host, "/index.html");
                    if (r[0].equals("200")) {
                        answers.merge(r[1], 1, Integer::sum);
                        total.incrementAndGet();
                    } else {
                        failures.add(sent + " HTTP " + r[0]);
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(sent + " " + e);
                }
            }
        });
        Thread passes = new Thread(() -> {
            while (running.get()) {
                await(plane.reconcile());
            }
        });
        client.start();
        passes.start();
        try {
            action.run(() -> {
                answers.clear();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.copyOf(answers);
            });
        } finally {
            running.set(false);
            client.join(30_000);
            passes.join(WAIT.toMillis());
        }
        return new ClientLoop(List.copyOf(failures), total.get());
    }

    /** A free port on the loopback address, for a proxy the test starts. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One {@code GET} of {@code path} with the {@code Host} header: the status code and the body, stripped. */
    static String[] get(int port, String host, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String reply;
            try (InputStream in = s.getInputStream()) {
                reply = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            int head = reply.indexOf("\r\n\r\n");
            return new String[]{reply.substring(0, head).split(" ")[1], reply.substring(head + 4).strip()};
        }
    }
}

package dev.acs.examples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.cloud.tls.CertificateBundle;
import dev.acs.core.api.CreatedTrigger;
import dev.acs.core.api.TriggerRequest;
import dev.acs.core.api.TriggerResponse;
import dev.acs.core.api.TriggerSpec;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.model.Application;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * {@code acs serve --state DIR [--engine ENDPOINT]... [--tls-dir DIR] [--zone Z] [--cluster NAME]
 * [--listen HOST:PORT] [--https-keystore FILE --https-password-file FILE] [--trigger APP:redeploy |
 * APP:scale:SERVICE:STEP:up|down]... [--calls-per-minute N] [--port-file FILE] [--for DURATION]}: serves the trigger
 * endpoint of the applications deployed with {@code acs deploy --state DIR} at {@code /hook/trigger}, on the JDK's
 * HTTP server (HTTPS with a PKCS#12 key store when {@code --https-keystore} is given). The engines are those kept in
 * the state unless given. Each {@code --trigger} creates a trigger first and prints its path with its secret, once
 * (only a hash is kept). A redeploy renders the application's template again with its configuration set file and env
 * files as they are then ({@link TemplateSource}), so an edited configuration set is applied. Runs until interrupted,
 * or for {@code --for}. {@code acs triggers} lists, deletes and shows the history of the triggers.
 *
 * <p>Exit codes: 0 served until stopped, 1 invalid input (unknown application, a trigger of that type exists), 2 bad
 * usage, 3 the server could not start, 4 an internal error.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the trigger endpoint (/hook/trigger) of applications deployed with --state.")
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--state", paramLabel = "DIR", required = true,
            description = "The state directory of acs deploy --state.")
    Path state;

    @Option(names = "--engine", paramLabel = "ENDPOINT",
            description = "A Docker Engine of the cluster; default the engines kept in --state.")
    List<String> engines = new ArrayList<>();

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Client bundle (ca.pem, cert.pem, key.pem) for tcp:// engines with --tlsverify.")
    Path tlsDir;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "local",
            description = "Zone of the nodes (default: ${DEFAULT-VALUE}).")
    String zone;

    @CommandLine.Mixin
    ClusterOption cluster = new ClusterOption();

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--https-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with the key and certificate of this PKCS#12 key store.")
    Path keystore;

    @Option(names = "--https-password-file", paramLabel = "FILE",
            description = "File holding the key store's password (first line); required with --https-keystore.")
    Path passwordFile;

    @Option(names = "--trigger", paramLabel = "SPEC",
            description = "Create a trigger first and print its path with its secret, once: APP:redeploy or"
                    + " APP:scale:SERVICE:STEP:up|down.")
    List<String> create = new ArrayList<>();

    @Option(names = "--calls-per-minute", paramLabel = "N", defaultValue = "10",
            description = "Calls each trigger accepts per minute; more answer 429 (default: ${DEFAULT-VALUE}).")
    int callsPerMinute;

    @Option(names = "--port-file", paramLabel = "FILE",
            description = "Write the port listened on to this file once serving.")
    Path portFile;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (30s, 10m, ISO-8601); default: until interrupted.")
    Duration runFor;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InetSocketAddress address = address();
        if (callsPerMinute < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calls-per-minute must be at least 1");
        }
        CertificateBundle tls = tlsDir == null ? null : CertificateBundle.read(tlsDir);
        Zone z = Zone.of(zone);
        try (StateStore store = FileStateStore.open(state);
             DockerRuntime runtime = tls == null ? DockerRuntime.builder().build()
                     : DockerRuntime.builder().tls(tls).build()) {
            List<String> nodes = engines.isEmpty() ? DeployCommand.enginesOf(store, z, runtime, cluster.name) : engines;
            try (ControlPlane plane = DeployCommand.planeOverEngines(nodes, z, runtime, store)
                    .triggerCallsPerMinute(callsPerMinute).build()) {
                for (String s : create) {
                    CreatedTrigger t = createTrigger(plane, s);
                    out.println("trigger " + t.trigger().spec() + " of " + s.substring(0, s.indexOf(':')) + ": "
                            + t.pathWithSecret());
                }
                out.flush();
                return serve(plane, address, out, err);
            }
        } catch (AcsException e) {
            err.println("acs serve: " + e.getMessage());
            err.flush();
            return AcsCli.exitCode(e);
        }
    }

    private int serve(ControlPlane plane, InetSocketAddress address, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        HttpServer server;
        try {
            server = keystore == null ? HttpServer.create(address, 64) : https(address);
        } catch (IOException | GeneralSecurityException e) {
            err.println("acs serve: cannot listen on " + listen + ": " + e.getMessage());
            err.flush();
            return AcsCli.EXIT_FAILED;
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/hook/trigger", exchange -> handle(plane, exchange));
        server.start();
        int port = server.getAddress().getPort();
        if (portFile != null) {
            Files.writeString(portFile, Integer.toString(port));
        }
        out.println("serving " + (keystore == null ? "http" : "https") + "://" + address.getHostString() + ":" + port
                + "/hook/trigger");
        out.flush();
        try {
            CountDownLatch forever = new CountDownLatch(1);
            if (runFor == null) {
                forever.await();
            } else {
                forever.await(runFor.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop(1);
            threads.shutdownNow();
        }
        return AcsCli.EXIT_OK;
    }

    /** One call: the request goes to the control plane's endpoint as method, raw query and source address. */
    private static void handle(ControlPlane plane, HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readNBytes(64 * 1024); // a webhook's payload is not needed; read a bounded part and drop it
            TriggerResponse r = plane.triggerEndpoint().handle(new TriggerRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRemoteAddress().getAddress().getHostAddress()));
            byte[] bytes = (r.body() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(r.status(), bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    private HttpsServer https(InetSocketAddress address) throws IOException, GeneralSecurityException {
        if (passwordFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--https-keystore needs"
                    + " --https-password-file");
        }
        String password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(address, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return server;
    }

    private CreatedTrigger createTrigger(ControlPlane plane, String s) {
        String[] p = s.split(":");
        if (p.length < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trigger " + s
                    + ": expected APP:redeploy or APP:scale:SERVICE:STEP:up|down");
        }
        TriggerSpec t;
        if (p.length == 2 && p[1].equals("redeploy")) {
            t = TriggerSpec.redeploy();
        } else if (p.length == 5 && p[1].equals("scale") && (p[4].equals("up") || p[4].equals("down"))) {
            int step;
            try {
                step = Integer.parseInt(p[3]);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--trigger " + s + ": STEP must be a number");
            }
            t = TriggerSpec.scale(p[2], step, p[4].equals("up"));
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trigger " + s
                    + ": expected APP:redeploy or APP:scale:SERVICE:STEP:up|down");
        }
        Application app = cluster.requireApplication(plane, p[0], state);
        return plane.triggers().create(app.id(), t);
    }

    private InetSocketAddress address() {
        int colon = listen.lastIndexOf(':');
        try {
            int port = Integer.parseInt(listen.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(listen.substring(0, colon).toLowerCase(Locale.ROOT), port);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen must be HOST:PORT, got " + listen);
        }
    }
}

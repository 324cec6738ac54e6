package dev.acs.examples.cli;

import dev.acs.testing.docker.DockerEngine;
import dev.acs.testing.docker.DockerEngineExtension;
import dev.acs.testing.docker.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acs serve} over real HTTP: an application deployed with {@code acs deploy --state} from an image in a real
 * registry, a redeploy trigger created by {@code serve --trigger}, a new image pushed under the same tag, and calls
 * of the trigger URL as curl would make them: 403 and 404 change nothing, 202 recreates the containers from the new
 * image on the engine (a call while it runs is 409), a flood is cut with 429; the secret appears once on standard output and nowhere in the state.
 */
class ServeCommandTest {
    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.engines(1);
    private static LocalRegistry registry;
    private static final Pattern TRIGGER = Pattern.compile("trigger redeploy of shop: (/hook/trigger\\?\\S+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void registry() {
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aTriggerCallRedeploysTheNewImagePushedUnderTheSameTag() throws Exception {
        DockerEngine engine = DOCKER.engine(0);
        String image = registry.image("shop/web", "1");
        String v1 = registry.pushVersion(engine, image, 1);
        Path template = dir.resolve("shop.yml");
        Files.writeString(template, """
                web:
                  image: %s
                  command: sh -c "trap 'exit 0' TERM; sleep 600 & wait"
                  labels:
                    aliyun.scale: "2"
                """.formatted(image));
        Path state = dir.resolve("state");
        StringWriter deployOut = new StringWriter();
        StringWriter deployErr = new StringWriter();
        assertThat(DeployOnEngines.deploy(dir.resolve("state-home"), List.of(engine), deployOut, deployErr, "--state", state.toString(),
                "--timeout", "30s", template.toString())).as(deployOut + "\n" + deployErr).isZero();
        assertThat(images(engine)).containsOnly(v1).hasSize(2);

        Path portFile = dir.resolve("port");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> {
            CommandLine cli = new CommandLine(new ServeCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            exit.set(cli.execute("--state", state.toString(), "--listen", "127.0.0.1:0", "--port-file",
                    portFile.toString(), "--trigger", "shop:redeploy", "--calls-per-minute", "6"));
        }, "acs-serve");
        serving.start();
        try {
            eventually("acs serve listens (" + out + err + ")", Duration.ofSeconds(60),
                    () -> Files.exists(portFile) && !Files.readString(portFile).isBlank());
            String base = "http://127.0.0.1:" + Files.readString(portFile).strip();
            Matcher m = TRIGGER.matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            String withSecret = m.group(1);
            String secret = withSecret.substring(withSecret.indexOf("&secret=") + 8);
            String withoutSecret = withSecret.substring(0, withSecret.indexOf("&secret="));
            HttpClient http = HttpClient.newHttpClient();

            assertThat(get(http, base + withoutSecret + "&secret=" + "f".repeat(64)).statusCode()).isEqualTo(403);
            assertThat(get(http, base + "/hook/trigger?triggerUrl=bm9wZXxub3BlfHJlZGVwbG95fDAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmfA").statusCode())
                    .isEqualTo(404);
            assertThat(images(engine)).containsOnly(v1);

            String v2 = registry.pushVersion(engine, image, 2);
            engine.docker("rmi", image); // the engine must pull it from the registry again
            HttpResponse<String> accepted = get(http, base + withSecret);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.body()).contains("\"operation\":\"op-").doesNotContain(secret);
            HttpResponse<String> busy = get(http, base + withSecret); // the redeploy pulls and recreates meanwhile
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
            eventually("the containers run the new image " + v2, Duration.ofSeconds(120),
                    () -> images(engine).equals(List.of(v2, v2)));

            int status;
            int calls = 0;
            do {
                status = get(http, base + withoutSecret + "&secret=bad").statusCode();
                calls++;
            } while (status == 403 && calls < 10);
            assertThat(status).as("a flood is cut after the per-minute limit").isEqualTo(429);
            assertThat(get(http, base + withSecret).statusCode()).as("also with the right secret").isEqualTo(429);
            assertThat(images(engine)).containsExactly(v2, v2);
        } finally {
            serving.interrupt();
            serving.join(30_000);
        }
        assertThat(exit.get()).as(err.toString()).isZero();
        String secretLine = out.toString();
        Matcher m = TRIGGER.matcher(secretLine);
        assertThat(m.find()).isTrue();
        String secret = m.group(1).substring(m.group(1).indexOf("&secret=") + 8);
        assertThat(secretLine.split(secret, -1)).as("the secret is printed once").hasSize(2);
        assertThat(err.toString()).doesNotContain(secret);
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(secret);
            }
        }
    }

    @Test
    void aTriggerCallAppliesTheEditedConfigurationSet() throws Exception {
        DockerEngine engine = DOCKER.engine(0);
        String image = registry.image("conf/web", "1");
        registry.pushVersion(engine, image, 1);
        Path template = dir.resolve("conf.yml");
        Files.writeString(template, """
                web:
                  image: %s
                  command: sh -c "trap 'exit 0' TERM; sleep 600 & wait"
                  environment:
                    - DB_HOST=$db_host
                """.formatted(image));
        Path set = dir.resolve("prod.conf");
        Files.writeString(set, "db_host=db1.internal\n");
        Path state = dir.resolve("state");
        StringWriter deployOut = new StringWriter();
        StringWriter deployErr = new StringWriter();
        assertThat(DeployOnEngines.deploy(List.of(engine), deployOut, deployErr, "--state", state.toString(),
                "--config-set", set.toString(), "--timeout", "30s", template.toString()))
                .as(deployOut + "\n" + deployErr).isZero();
        assertThat(environment(engine, "conf")).contains("DB_HOST=db1.internal");

        Path portFile = dir.resolve("port");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread serving = new Thread(() -> {
            CommandLine cli = new CommandLine(new ServeCommand());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.execute("--state", state.toString(), "--listen", "127.0.0.1:0", "--port-file", portFile.toString(),
                    "--trigger", "conf:redeploy");
        }, "acs-serve");
        serving.start();
        try {
            eventually("acs serve listens (" + out + err + ")", Duration.ofSeconds(60),
                    () -> Files.exists(portFile) && !Files.readString(portFile).isBlank());
            Matcher m = Pattern.compile("trigger redeploy of conf: (/hook/trigger\\?\\S+)").matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            Files.writeString(set, "db_host=db2.internal\n");

            HttpResponse<String> accepted = get(HttpClient.newHttpClient(), "http://127.0.0.1:"
                    + Files.readString(portFile).strip() + m.group(1));

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            eventually("the container runs with the edited value", Duration.ofSeconds(120),
                    () -> environment(engine, "conf").contains("DB_HOST=db2.internal"));
        } finally {
            serving.interrupt();
            serving.join(30_000);
        }
    }

    /** The environment of the application's running container on the engine. */
    private static String environment(DockerEngine engine, String app) {
        StringBuilder env = new StringBuilder();
        for (String id : engine.docker("ps", "-q", "--no-trunc", "--filter", "label=dev.acs.app=" + app).lines()
                .map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            env.append(engine.docker("inspect", "--format", "{{json .Config.Env}}", id).strip());
        }
        return env.toString();
    }

    /** The image ids of the application's running containers on the engine, sorted. */
    private static List<String> images(DockerEngine engine) {
        List<String> ids = new ArrayList<>();
        for (String id : engine.docker("ps", "-q", "--no-trunc", "--filter", "label=dev.acs.app=shop").lines()
                .map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            ids.add(engine.docker("inspect", "--format", "{{.Image}}", id).strip());
        }
        ids.sort(null);
        return ids;
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void eventually(String what, Duration within, Check check) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(200);
        }
    }
}

package dev.acs.testing.docker;

import dev.acs.cloud.docker.DockerRuntime;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Profile;
import dev.acs.compose.TargetRuntime;
import dev.acs.compose.Templates;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.Node;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.RuntimeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code build:} on a real engine: the image is built from a Dockerfile {@code FROM} the imported busybox image with
 * the declared arguments, target and labels, tagged per application and service, reused while the context is
 * unchanged, rebuilt when it changes; a failing build creates no container.
 */
class ComposeBuildOnDockerTest {
    private static final Duration CALL = Duration.ofMinutes(2);

    @RegisterExtension
    static final DockerEngineExtension DOCKER = DockerEngineExtension.oneEngine();

    private static final DockerRuntime RUNTIME = DockerRuntime.builder().build();
    private final List<String> made = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @AfterEach
    void removeMade() {
        for (String id : made) {
            RUNTIME.remove(node(), id, true, CALL);
        }
    }

    private static Node node() {
        return DOCKER.engine(0).node("build", 1);
    }

    private ServiceSpec parse(String service) {
        ParseResult r = Templates.parse("""
                services:
                  api:
                    build:
                      context: ./api
                      args: {LEVEL: '2'}
                      target: runtime
                      labels: {team: shop}
                    command: [sleep, '600']
                """, ParseOptions.builder().profile(Profile.COMPOSE_SPEC).runtime(TargetRuntime.DOCKER)
                .baseDirectory(dir).applicationName("shop").build());
        assertThat(r.errors()).as(r.diagnostics().toString()).isEmpty();
        return r.application().service(service).orElseThrow();
    }

    private RuntimeContainer create(ServiceSpec s) {
        String name = s.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        RuntimeContainer c = RUNTIME.create(node(), new ContainerRequest("k-" + name, name, "shop", s, 1), CALL);
        made.add(c.runtimeId());
        return c;
    }

    private void dockerfile(String runtimeStep) throws IOException {
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("api/Dockerfile"), "FROM " + DOCKER.engine(0).testImage() + " AS base\n"
                + "ARG LEVEL\nRUN echo \"level=$LEVEL\" > /level\n"
                + "FROM base AS runtime\nCOPY app.txt /app.txt\n" + runtimeStep + "\n"
                + "FROM base AS other\nRUN echo other > /other\n");
    }

    @Test
    void theImageIsBuiltOnTheEngineReusedWhileUnchangedAndRebuiltWhenChanged() throws IOException {
        dockerfile("RUN true");
        Files.writeString(dir.resolve("api/app.txt"), "v1\n");
        ServiceSpec s = parse("api");
        assertThat(s.image().toString()).startsWith("acs-build/shop-api:");
        RuntimeContainer c = create(s);
        RUNTIME.start(node(), c.runtimeId(), CALL);
        String inside = DOCKER.engine(0).docker("exec", c.runtimeId(), "sh", "-c", "cat /level /app.txt;"
                + " test -e /other && echo other-stage || echo runtime-stage");
        assertThat(inside.lines()).containsExactly("level=2", "v1", "runtime-stage");
        String image = s.image().toString();
        String id = DOCKER.engine(0).docker("image", "inspect", "--format", "{{.Id}}|{{index .Config.Labels \"team\"}}",
                image).strip();
        assertThat(id).endsWith("|shop");

        create(s);
        assertThat(DOCKER.engine(0).docker("image", "inspect", "--format", "{{.Id}}|{{index .Config.Labels \"team\"}}",
                image).strip()).as("reused, not built again").isEqualTo(id);

        Files.writeString(dir.resolve("api/app.txt"), "v2\n");
        ServiceSpec changed = parse("api");
        assertThat(changed.image()).isNotEqualTo(s.image());
        RuntimeContainer c2 = create(changed);
        RUNTIME.start(node(), c2.runtimeId(), CALL);
        assertThat(DOCKER.engine(0).docker("exec", c2.runtimeId(), "cat", "/app.txt").strip()).isEqualTo("v2");
    }

    @Test
    void aFailingBuildStopsWithTheBuildersOutputAndCreatesNoContainer() throws IOException {
        dockerfile("RUN echo building-step-output && false");
        Files.writeString(dir.resolve("api/app.txt"), "v1\n");
        int before = RUNTIME.list(node(), CALL).size();
        ServiceSpec s = parse("api");
        assertThatThrownBy(() -> create(s)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BUILD_FAILED))
                .hasMessageContaining("building-step-output");
        assertThat(RUNTIME.list(node(), CALL)).hasSize(before);
    }

    @Test
    void dockerignoreKeepsFilesOutOfTheContextAndTheirChangesDoNotRebuild() throws IOException {
        Files.createDirectories(dir.resolve("api/logs"));
        Files.createDirectories(dir.resolve("api/docs"));
        Files.writeString(dir.resolve("api/Dockerfile"), "FROM " + DOCKER.engine(0).testImage() + " AS runtime\n"
                + "COPY . /ctx\n");
        Files.writeString(dir.resolve("api/app.txt"), "v1\n");
        Files.writeString(dir.resolve("api/secret.key"), "do not ship\n");
        Files.writeString(dir.resolve("api/logs/today.log"), "noise\n");
        Files.writeString(dir.resolve("api/docs/a.md"), "a\n");
        Files.writeString(dir.resolve("api/docs/keep.md"), "kept\n");
        Files.writeString(dir.resolve("api/.dockerignore"), "# local files\n*.key\nlogs\ndocs/*.md\n!docs/keep.md\n"
                + "Dockerfile\n");
        ServiceSpec s = parse("api");
        RuntimeContainer c = create(s);
        RUNTIME.start(node(), c.runtimeId(), CALL);
        String sent = DOCKER.engine(0).docker("exec", c.runtimeId(), "sh", "-c", "cd /ctx && find . -type f | sort");
        // the Dockerfile is sent (the builder needs it) but, listed in .dockerignore, not copied: Docker's own rule
        assertThat(sent.lines()).containsExactly("./.dockerignore", "./app.txt", "./docs/keep.md");

        Files.writeString(dir.resolve("api/logs/today.log"), "more noise\n");
        Files.writeString(dir.resolve("api/secret.key"), "rotated\n");
        assertThat(parse("api").image()).as("ignored files do not change the build").isEqualTo(s.image());
        Files.writeString(dir.resolve("api/docs/keep.md"), "changed\n");
        assertThat(parse("api").image()).as("a re-included file does").isNotEqualTo(s.image());
    }
}

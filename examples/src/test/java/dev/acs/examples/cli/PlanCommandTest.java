package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.Resources;
import dev.acs.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acs plan} with the template step given by the test: the template parser lives in acs-compose, so the test
 * hands the command the application the template stands for and checks what it was given.
 */
class PlanCommandTest {
    private static final String CLUSTER = """
            nodes:
              - {name: node1, zone: cn-a, cpus: 4, memory: 8g, labels: {group: "1"}}
              - {name: node2, zone: cn-b, cpus: 4, memory: 8g}
              - {name: node3, zone: cn-b, cpus: 2, memory: 2g, gpus: 1}
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, Object> seen = new HashMap<>();

    private int plan(AppSpec app, String cluster, String... args) throws IOException {
        Path clusterFile = Files.writeString(dir.resolve("cluster.yaml"), cluster);
        Path template = Files.writeString(dir.resolve("shop.yml"), "template text");
        CommandLine cli = new CommandLine(new PlanCommand((text, options) -> {
            seen.put("text", new String(text, java.nio.charset.StandardCharsets.UTF_8));
            seen.put("name", options.applicationName());
            seen.put("vars", options.variables());
            return app;
        }));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 3];
        all[0] = "--cluster";
        all[1] = clusterFile.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 1] = template.toString();
        return cli.execute(all);
    }

    @Test
    void readsRealTemplatesWithTheSdksParser() throws Exception {
        Path clusterFile = Files.writeString(dir.resolve("cluster.yaml"), CLUSTER);
        Path template = Files.writeString(dir.resolve("site.yml"), """
                web:
                  image: nginx:${TAG}
                  environment:
                    - constraint:group==1
                  labels:
                    aliyun.scale: "2"
                """);
        CommandLine cli = new CommandLine(new PlanCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--cluster", clusterFile.toString(), "--env", "TAG=1.25", "--json", template.toString()))
                .isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("placed")).hasSize(2).allSatisfy(p -> assertThat(p.get("node").asText()).isEqualTo("node1"));

        Path broken = Files.writeString(dir.resolve("broken.yml"), "web:\n  image: nginx\n  labels:\n    aliyun.scale: many\n");
        assertThat(cli.execute("--cluster", clusterFile.toString(), broken.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("aliyun.scale");
    }

    private static AppSpec app(ServiceSpec... services) {
        return AppSpec.builder("shop").services(List.of(services)).build();
    }

    @Test
    void jsonListsPlacementsWithNodeNamesAndZones() throws Exception {
        ServiceSpec web = ServiceSpec.builder("web").image("nginx").scale(2)
                .rule(PlacementRule.constraint("group", "1")).build();
        ServiceSpec gpu = ServiceSpec.builder("gpu").image("serving").reservation(new Resources(0, 0, 1)).build();
        int code = plan(app(web, gpu), CLUSTER, "--json", "--env", "TAG=1.2", "--env", "X=a=b");
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("placed")).hasSize(3);
        assertThat(json.get("placed").get(0).toString())
                .isEqualTo("{\"service\":\"web\",\"index\":1,\"node\":\"node1\",\"zone\":\"cn-a\"}");
        assertThat(json.get("placed").get(2).get("node").asText()).isEqualTo("node3");
        assertThat(json.get("unplaced")).isEmpty();
        assertThat(seen).containsEntry("text", "template text").containsEntry("name", "shop")
                .containsEntry("vars", Map.of("TAG", "1.2", "X", "a=b"));
    }

    @Test
    void nodeIndexIsThePositionInTheClusterFile() throws Exception {
        ServiceSpec db = ServiceSpec.builder("db").image("mysql")
                .rule(PlacementRule.constraint("aliyun.node_index", "2")).build();
        assertThat(plan(app(db), CLUSTER)).isZero();
        assertThat(out.toString()).isEqualTo("profile classic (detected from the file)" + System.lineSeparator()
                + "db#1 -> node2 (cn-b)" + System.lineSeparator());
    }

    @Test
    void unplacedContainersGiveExitThreeWithReasons() throws Exception {
        ServiceSpec big = ServiceSpec.builder("big").image("x").reservation(Resources.of(8, 0, 0)).build();
        assertThat(plan(app(big), CLUSTER, "--json")).isEqualTo(PlanCommand.EXIT_PARTIAL);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("unplaced").get(0).toString()).isEqualTo("{\"service\":\"big\",\"index\":1,\"reasons\":"
                + "[\"3 insufficient cpu (asked 8 cores, most free 4 cores)\"]}");
    }

    @Test
    void strategyOptionIsUsed() throws Exception {
        ServiceSpec web = ServiceSpec.builder("web").image("nginx").scale(3).build();
        assertThat(plan(app(web), CLUSTER, "--strategy", "binpack")).isZero();
        assertThat(out.toString()).doesNotContain("node2").doesNotContain("node3");
    }

    @Test
    void invalidClusterFilesAreInvalidInput() throws Exception {
        ServiceSpec web = ServiceSpec.builder("web").image("nginx").build();
        assertThat(plan(app(web), "nodes: []")).isEqualTo(PlanCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("write 'nodes:' followed by a list of nodes");
        assertThat(plan(app(web), "nodes:\n  - {name: a, cpus: 1, memory: 8x}")).isEqualTo(PlanCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("nodes[0].memory: '8x' is not a byte size");
        assertThat(plan(app(web), "nodes:\n  - {name: a, cpu: 1, memory: 1g}")).isEqualTo(PlanCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("unknown key 'cpu'");
        assertThat(plan(app(web), "nodes:\n  - {name: a, cpus: 1, memory: 1g}\n  - {name: a, cpus: 1, memory: 1g}"))
                .isEqualTo(PlanCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("node name 'a' is used twice");
        assertThat(plan(app(web), "nodes: [ {")).isEqualTo(PlanCommand.EXIT_INVALID);
        assertThat(err.toString()).contains("not valid YAML");
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        ServiceSpec web = ServiceSpec.builder("web").image("nginx").build();
        assertThat(plan(app(web), CLUSTER, "--strategy", "fastest")).isEqualTo(AcsCli.EXIT_USAGE);
        assertThat(plan(app(web), CLUSTER, "--env", "NOVALUE")).isEqualTo(AcsCli.EXIT_USAGE);
    }
}

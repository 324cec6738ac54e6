package dev.acs.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validFileExitsZero() throws Exception {
        Path f = file("ok.yml", "web:\n  image: nginx\n  labels:\n    aliyun.scale: '2'\n");
        assertThat(AcsCli.run("validate", f.toString())).isZero();
        assertThat(stdout()).contains("ok.yml: valid (v1, 1 services)");
    }

    @Test
    void jsonLinePerFileAndExitOneOnErrors() throws Exception {
        Path ok = file("ok.yml", "version: '2'\nservices:\n  web:\n    image: nginx\n");
        Path bad = file("bad.yml", "g: {image: a, labels: {aliyun.depends: h}}\nh: {image: b, labels: {aliyun.depends: g}}\n");
        assertThat(AcsCli.run("validate", "--json", ok.toString(), bad.toString())).isEqualTo(1);
        String[] lines = stdout().strip().split("\n");
        assertThat(lines).hasSize(2);
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines[0]);
        assertThat(first.get("valid").asBoolean()).isTrue();
        assertThat(first.get("format").asText()).isEqualTo("v2");
        assertThat(first.get("services").asInt()).isEqualTo(1);
        assertThat(first.get("diagnostics")).isEmpty();
        JsonNode second = m.readTree(lines[1]);
        assertThat(second.get("file").asText()).endsWith("bad.yml");
        assertThat(second.get("valid").asBoolean()).isFalse();
        JsonNode d = second.get("diagnostics").get(0);
        assertThat(d.get("severity").asText()).isEqualTo("error");
        assertThat(d.get("code").asText()).isEqualTo("LBL-006");
        assertThat(d.get("path").asText()).isEqualTo("g.labels.aliyun.depends");
        assertThat(d.get("line").asInt()).isEqualTo(1);
        assertThat(d.get("column").asInt()).isPositive();
        assertThat(d.get("message").asText()).contains("cycle");
    }

    @Test
    void variablesFromEnvAndConfigSet() throws Exception {
        Path t = file("t.yml", "web:\n  image: nginx:${TAG}\n  labels:\n    aliyun.scale: $size\n");
        assertThat(AcsCli.run("validate", t.toString())).isEqualTo(1);
        assertThat(stdout()).contains("TPL-004");
        Path set = file("prod.cfg", "# production\nsize=3\n");
        out.reset();
        assertThat(AcsCli.run("validate", "--env", "TAG=1.13", "--config-set", set.toString(), t.toString())).isZero();
        Path badSet = file("bad.cfg", "size\n");
        assertThat(AcsCli.run("validate", "--env", "TAG=1", "--config-set", badSet.toString(), t.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CFG-001");
    }

    @Test
    void profileSwitchesRules() throws Exception {
        Path v3 = file("v3.yml", "version: '3'\nservices:\n  web:\n    image: nginx\n");
        assertThat(AcsCli.run("validate", "--profile", "classic", v3.toString())).isEqualTo(1);
        assertThat(AcsCli.run("validate", "--profile", "swarm-mode", v3.toString())).isZero();
        out.reset();
        assertThat(AcsCli.run("validate", v3.toString())).as("the profile is detected from the file").isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("[profile swarm-mode (detected from the file)]");
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        Path ok = file("ok.yml", "web:\n  image: nginx\n");
        assertThat(AcsCli.run("validate")).isEqualTo(2);
        assertThat(AcsCli.run("validate", "--profile", "kubernetes", ok.toString())).isEqualTo(2);
        assertThat(AcsCli.run("validate", "--env", "NOVALUE", ok.toString())).isEqualTo(2);
        assertThat(AcsCli.run("validate", dir.resolve("missing.yml").toString())).isEqualTo(2);
        assertThat(AcsCli.run("validate", "--bogus", ok.toString())).isEqualTo(2);
    }
}

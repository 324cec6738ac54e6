package dev.acs.compose.internal;

import dev.acs.compose.Diagnostic;
import dev.acs.compose.KeySupport;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.ParseResult;
import dev.acs.compose.Profile;
import dev.acs.compose.Severity;
import dev.acs.compose.TargetRuntime;
import dev.acs.compose.Templates;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ByteSize;
import dev.acs.core.model.ContainerSettings;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.StartCondition;
import dev.acs.core.model.Ulimit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the {@link KeySupport} table against the parser: the key's sample is parsed under the row's profile for
 * the row's runtime, and the diagnostics at the key and the model must be what the row says (an error; a warning and
 * no error; or no diagnostic and the value carried into the model for the runtime to apply). That the Docker
 * runtime then applies what it is said to apply is checked on a real engine by {@code ComposeKeysOnDockerTest}.
 */
class KeySupportTest {
    private static Path dir;

    /** What each applied key puts into the model, seen from the application (service {@code web}). */
    private static final Map<String, Predicate<AppSpec>> CARRIED = new LinkedHashMap<>();

    private static void carried(String key, Predicate<ServiceSpec> p) {
        CARRIED.put(key, app -> app.service("web").map(p::test).orElse(false));
    }

    private static void setting(String key, Predicate<ContainerSettings> p) {
        carried(key, s -> p.test(s.container()));
    }

    static {
        carried("image", s -> s.image().toString().contains("busybox"));
        carried("build", s -> s.build() != null && s.build().context().equals(dir.toAbsolutePath().normalize()
                .toString()));
        carried("command", s -> s.command().equals(List.of("echo", "hi")));
        carried("entrypoint", s -> s.entrypoint().equals(List.of("/bin/echo")));
        carried("environment", s -> "1".equals(s.environment().get("A")));
        carried("labels", s -> "web".equals(s.labels().get("team")));
        carried("ports", s -> !s.ports().isEmpty());
        carried("expose", s -> !s.expose().isEmpty());
        carried("volumes", s -> !s.volumes().isEmpty());
        carried("links", s -> s.links().contains("db"));
        carried("external_links", s -> !s.externalLinks().isEmpty());
        carried("restart", s -> s.restart().mode() == RestartPolicy.Mode.ALWAYS);
        carried("hostname", s -> "web".equals(s.hostname()));
        carried("container_name", s -> "web".equals(s.containerName()));
        carried("cpu_shares", s -> s.reservation().cpuUnits() == 50);
        carried("mem_limit", s -> s.reservation().memoryBytes() == ByteSize.parse("64m"));
        carried("privileged", ServiceSpec::privileged);
        carried("tty", ServiceSpec::tty);
        carried("stdin_open", ServiceSpec::stdinOpen);
        CARRIED.put("external", app -> !app.externals().isEmpty());
        carried("dns", s -> s.dns().equals(List.of("10.0.0.2")));
        carried("dns_search", s -> !s.dnsSearch().isEmpty());
        carried("dns_options", s -> !s.dnsOptions().isEmpty());
        carried("oom_kill_disable", ServiceSpec::oomKillDisable);
        carried("oom-kill-disable", ServiceSpec::oomKillDisable);
        carried("working_dir", s -> "/tmp".equals(s.workingDir()));
        carried("user", s -> "nobody".equals(s.user()));
        carried("net", s -> "bridge".equals(s.networkMode()));
        carried("network_mode", s -> "bridge".equals(s.networkMode()));
        carried("extra_hosts", s -> !s.extraHosts().isEmpty());
        carried("env_file", s -> "from-file".equals(s.environment().get("FILE_VAR")));
        carried("depends_on", s -> s.dependsOn().contains("db")
                && s.dependsOnConditions().get("db") == StartCondition.SERVICE_HEALTHY);
        carried("extends", s -> "1".equals(s.environment().get("FROM_BASE")));
        carried("profiles", s -> s.options().containsKey("profiles"));
        carried("healthcheck", s -> s.probe() != null && s.container().healthcheck().retries() == 5
                && s.container().healthcheck().startPeriod().equals(Duration.ofSeconds(10)));
        carried("deploy", s -> s.scale() == 2 && Long.valueOf(64L << 20).equals(s.container().memoryLimit()));
        setting("read_only", ContainerSettings::readOnly);
        setting("cap_add", c -> c.capAdd().equals(List.of("NET_ADMIN")));
        setting("cap_drop", c -> c.capDrop().equals(List.of("ALL")));
        setting("security_opt", c -> c.securityOpt().equals(List.of("no-new-privileges:true")));
        setting("ulimits", c -> c.ulimits().equals(List.of(new Ulimit("nofile", 1024, 2048))));
        setting("init", c -> Boolean.TRUE.equals(c.init()));
        setting("shm_size", c -> c.shmSize() == 64L << 20);
        setting("tmpfs", c -> "size=1m".equals(c.tmpfs().get("/run")));
        setting("logging", c -> "json-file".equals(c.logDriver()) && "1m".equals(c.logOptions().get("max-size")));
        setting("log_driver", c -> "json-file".equals(c.logDriver()));
        setting("log_opt", c -> "1m".equals(c.logOptions().get("max-size")));
        setting("sysctls", c -> "1024".equals(c.sysctls().get("net.core.somaxconn")));
        setting("devices", c -> c.devices().equals(List.of("/dev/null:/dev/xnull:rwm")));
        setting("pids_limit", c -> Long.valueOf(100).equals(c.pidsLimit()));
        setting("cpus", c -> c.nanoCpus() == 500_000_000L);
        setting("mem_reservation", c -> c.memoryReservation() == 32L << 20);
        setting("memswap_limit", c -> Long.valueOf(128L << 20).equals(c.memswapLimit()));
        setting("mem_swappiness", c -> Integer.valueOf(10).equals(c.memSwappiness()));
        setting("oom_score_adj", c -> Integer.valueOf(100).equals(c.oomScoreAdj()));
        setting("cpu_quota", c -> c.cpuQuota() == 50_000);
        setting("cpu_period", c -> c.cpuPeriod() == 100_000);
        setting("cpuset", c -> "0".equals(c.cpuset()));
        setting("ipc", c -> "private".equals(c.ipc()));
        setting("pid", c -> "host".equals(c.pid()));
        setting("userns_mode", c -> "host".equals(c.usernsMode()));
        setting("cgroup_parent", c -> "acs-test".equals(c.cgroupParent()));
        setting("group_add", c -> c.groupAdd().equals(List.of("1234")));
        setting("domainname", c -> "example.com".equals(c.domainname()));
        setting("stop_signal", c -> "SIGQUIT".equals(c.stopSignal()));
        setting("stop_grace_period", c -> Duration.ofSeconds(90).equals(c.stopGracePeriod()));
        setting("networks", c -> c.appNetwork() && c.networkAliases().equals(List.of("web-alias")));
        setting("volumes_from", c -> c.volumesFrom().equals(List.of("data")));
        setting("secrets", c -> c.files().size() == 1 && c.files().get(0).target().equals("/run/secrets/token")
                && c.files().get(0).source().endsWith("/token.txt"));
        setting("configs", c -> c.files().size() == 1 && c.files().get(0).target().equals("/app"));
    }

    @BeforeAll
    static void files(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        dir = tmp;
        Files.writeString(dir.resolve(".env"), "FILE_VAR=from-file\n");
        Files.writeString(dir.resolve("token.txt"), "s3cr3t\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
        Files.writeString(dir.resolve("app.conf"), "level=1\n");
    }

    static Stream<KeySupport.Row> rows() {
        return KeySupport.rows().stream();
    }

    /** The template of a row: service {@code web} with the sample, and the services the samples refer to. */
    static String template(KeySupport.Entry e) {
        boolean ownImage = e.key().equals("image") || e.key().equals("external");
        StringBuilder b = new StringBuilder("services:\n  web:\n");
        if (!ownImage) {
            b.append("    image: busybox\n");
        }
        e.sample().lines().forEach(l -> b.append("    ").append(l).append('\n'));
        b.append("  db:\n    image: busybox\n  data:\n    image: busybox\n");
        b.append("  base:\n    image: busybox\n    environment: {FROM_BASE: '1'}\n");
        b.append("secrets:\n  token: {file: ./token.txt}\nconfigs:\n  app: {file: ./app.conf}\n");
        return b.toString();
    }

    static ParseResult parse(KeySupport.Entry e, Profile profile, TargetRuntime runtime) {
        return Templates.parse(template(e), ParseOptions.builder().profile(profile).runtime(runtime)
                .baseDirectory(dir).activeProfiles(List.of("debug")).build());
    }

    /** The diagnostics located at the key (its path or below). */
    static List<Diagnostic> atKey(ParseResult r, String key) {
        String path = "services.web." + key;
        return r.diagnostics().stream().filter(d -> d.path().equals(path) || d.path().startsWith(path + ".")
                || d.path().startsWith(path + "[")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theParserDoesWhatTheRowSays(KeySupport.Row row) {
        KeySupport.Entry e = KeySupport.entry(row.key());
        ParseResult r = parse(e, row.profile(), row.runtime());
        List<Diagnostic> at = atKey(r, row.key());
        String why = template(e) + r.diagnostics();
        switch (row.support()) {
            case ERROR -> assertThat(at).as(why).anyMatch(d -> d.severity() == Severity.ERROR);
            case WARNING -> {
                assertThat(at).as(why).noneMatch(d -> d.severity() == Severity.ERROR)
                        .anyMatch(d -> d.severity() == Severity.WARNING);
                assertThat(r.isValid()).as(why).isTrue();
                if (!e.appliedBy().contains(row.runtime()) && !e.ignoredIn().contains(row.profile())) {
                    assertThat(at).as("the warning names the runtime: " + why)
                            .anyMatch(d -> d.message().contains("not applied by the " + row.runtime().id() + " runtime"));
                }
            }
            case APPLIED -> {
                assertThat(at).as(why).isEmpty();
                assertThat(r.isValid()).as(why).isTrue();
                assertThat(CARRIED).as("no model check for " + row.key()).containsKey(row.key());
                assertThat(CARRIED.get(row.key()).test(r.application())).as("carried into the model: " + why).isTrue();
            }
        }
    }

    @Test
    void theTableCoversEveryKeyTheParserKnows() {
        Set<String> known = new HashSet<>(ServiceReader.TYPED);
        known.addAll(ServiceReader.PASS_THROUGH);
        Set<String> table = KeySupport.entries().stream().map(KeySupport.Entry::key).collect(Collectors.toSet());
        assertThat(table).containsExactlyInAnyOrderElementsOf(known);
        assertThat(ContainerKeys.KEYS).allMatch(table::contains);
    }

    @Test
    void withoutARuntimeOnlyKeysNoRuntimeAppliesWarn() {
        KeySupport.Entry driver = KeySupport.entry("volume_driver");
        ParseResult r = Templates.parse(template(driver), ParseOptions.builder().profile(Profile.COMPOSE_SPEC)
                .baseDirectory(dir).build());
        assertThat(atKey(r, "volume_driver")).singleElement().satisfies(d ->
                assertThat(d.message()).contains("not applied by any runtime"));
        KeySupport.Entry volumesFrom = KeySupport.entry("volumes_from");
        r = Templates.parse(template(volumesFrom), ParseOptions.builder().profile(Profile.COMPOSE_SPEC)
                .baseDirectory(dir).build());
        assertThat(atKey(r, "volumes_from")).isEmpty();
    }
}

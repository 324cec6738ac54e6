package dev.acs.testing.e2e;

import dev.acs.cloud.sim.SimCloud;
import dev.acs.compose.ConfigSet;
import dev.acs.compose.ParseOptions;
import dev.acs.compose.TemplateRefresher;
import dev.acs.compose.Templates;
import dev.acs.core.api.DeployOptions;
import dev.acs.core.api.Operation;
import dev.acs.core.api.RedeployResult;
import dev.acs.core.api.UpdateOptions;
import dev.acs.core.clock.ManualClock;
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.AppState;
import dev.acs.core.model.Application;
import dev.acs.core.model.Cluster;
import dev.acs.core.model.ClusterSpec;
import dev.acs.core.model.Container;
import dev.acs.core.model.Zone;
import dev.acs.scheduler.SwarmScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redeploy and the update with the latest image on the simulated cloud, with the real scheduler and template parser:
 * a configuration set edited after the deployment is applied by a redeploy through {@link TemplateRefresher}
 * ({@code spec/lifecycle.md} §19.2), and an update with the latest image rolls out the change and then recreates the
 * unchanged service whose image was pushed again under its tag (§7.3.5, §7.3.6).
 */
class RedeployOnSimTest {
    private static final Zone ZONE = new Zone("cn-hangzhou", "cn-hangzhou-e");
    private static final String TEMPLATE = """
            web:
              image: registry.local/shop/web:1
              environment:
                - DB_HOST=$db_host
              labels:
                aliyun.scale: $size
            worker:
              image: registry.local/shop/worker:1
            """;

    private final ManualClock clock = new ManualClock();
    private final SimCloud cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e").build();
    /** The configuration set as the user keeps it: edited after the deployment. */
    private final AtomicReference<ConfigSet> configSet = new AtomicReference<>(set("2", "db1.internal"));
    private ControlPlane cp;
    private Cluster cluster;

    @BeforeEach
    void open() {
        cp = ControlPlane.builder().infrastructure(cloud.infrastructure()).runtime(cloud.runtime())
                .scheduler(new SwarmScheduler()).clock(clock).executor(Runnable::run).reconcileEvery(null)
                .healthTimeout(Duration.ofMinutes(2))
                .specRefresher(TemplateRefresher.of(app -> Optional.of(options(app.name()))))
                .build();
        cluster = settle(cp.clusters().create(ClusterSpec.classic("e2e", ZONE, 3, "ecs.n4.large")))
                .await(Duration.ZERO);
    }

    @AfterEach
    void close() {
        cp.close();
    }

    @Test
    void anEditedConfigurationSetIsAppliedByARedeployToTheServicesItChanges() {
        Application app = deploy();
        Map<String, String> before = runtimeIds(app.id());

        configSet.set(set("3", "db2.internal"));
        RedeployResult result = settle(cp.applications().redeploy(app.id())).await(Duration.ZERO);

        assertThat(result.application().spec().service("web").orElseThrow().environment())
                .containsEntry("DB_HOST", "db2.internal");
        assertThat(result.application().spec().version()).isEqualTo(app.spec().version());
        Map<String, String> after = runtimeIds(app.id());
        assertThat(after).containsKeys("web#1", "web#2", "web#3").containsEntry("worker#1", before.get("worker#1"));
        assertThat(after.get("web#1")).isNotEqualTo(before.get("web#1"));
        assertThat(after.get("web#2")).isNotEqualTo(before.get("web#2"));
        assertThat(cp.applications().events(app.id())).anyMatch(e -> e.type().equals("DECLARATION_CHANGED"));
    }

    @Test
    void aConfigurationSetThatNoLongerRendersTheTemplateFailsTheRedeployChangingNothing() {
        Application app = deploy();
        Map<String, String> before = runtimeIds(app.id());
        configSet.set(new ConfigSet("prod", "", Map.of("size", "3")));

        Operation<RedeployResult> op = settle(cp.applications().redeploy(app.id()));

        assertThatThrownBy(() -> op.await(Duration.ZERO)).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNRESOLVED_VARIABLE);
            assertThat(e.getMessage()).contains("db_host");
        });
        Application now = cp.applications().require(app.id());
        assertThat(now.state()).isEqualTo(AppState.READY);
        assertThat(now.spec()).isEqualTo(app.spec());
        assertThat(runtimeIds(app.id())).isEqualTo(before);
    }

    @Test
    void anUpdateWithTheLatestImageRecreatesTheUnchangedServiceWhoseImageWasPushedAgain() {
        Application app = deploy();
        Map<String, String> before = runtimeIds(app.id());
        cloud.pushImage("registry.local/shop/worker:1");
        configSet.set(set("2", "db2.internal"));
        AppSpec v2 = Templates.parse(TEMPLATE, options("shop")).orElseThrow().toBuilder().version("2").build();

        RedeployResult result = settle(cp.applications().updateAndRedeploy(app.id(), v2,
                UpdateOptions.standard().withTemplate(TEMPLATE))).await(Duration.ZERO);

        assertThat(result.application().spec().version()).isEqualTo("2");
        RedeployResult.ContainerImage worker = result.containers().stream()
                .filter(c -> c.service().equals("worker")).findFirst().orElseThrow();
        assertThat(worker.recreated()).isTrue();
        assertThat(worker.imageId()).isNotEqualTo(worker.previousImageId()).isNotNull();
        assertThat(result.containers()).filteredOn(c -> c.service().equals("web")).hasSize(2).allSatisfy(c -> {
            assertThat(c.recreated()).as("same image, new declaration").isFalse();
            assertThat(c.imageId()).isEqualTo(c.previousImageId());
        });
        Map<String, String> after = runtimeIds(app.id());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after).allSatisfy((key, id) -> assertThat(id).as(key).isNotEqualTo(before.get(key)));
        assertThat(cp.operations().log(app.id()).get(0).kind()).isEqualTo("UpdateApplication");
    }

    private Application deploy() {
        AppSpec spec = Templates.parse(TEMPLATE, options("shop")).orElseThrow();
        return settle(cp.applications().deploy(cluster.id(), spec, DeployOptions.fromTemplate(TEMPLATE)))
                .await(Duration.ZERO);
    }

    private ParseOptions options(String appName) {
        return ParseOptions.builder().applicationName(appName).configSet(configSet.get()).build();
    }

    private static ConfigSet set(String size, String dbHost) {
        return new ConfigSet("prod", "", Map.of("size", size, "db_host", dbHost));
    }

    private Map<String, String> runtimeIds(String appId) {
        return cp.applications().containers(appId).stream()
                .collect(Collectors.toMap(c -> c.service() + "#" + c.index(), Container::runtimeId));
    }

    private <T> Operation<T> settle(Operation<T> op) {
        for (int i = 0; i < 600 && !op.state().isDone(); i++) {
            clock.advance(Duration.ofSeconds(1));
        }
        return op;
    }
}

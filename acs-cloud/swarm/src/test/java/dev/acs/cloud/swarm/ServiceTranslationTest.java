package dev.acs.cloud.swarm;

import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import dev.acs.core.model.AppSpec;
import dev.acs.core.model.ContainerSettings;
import dev.acs.core.model.Healthcheck;
import dev.acs.core.model.PlacementRule;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Resources;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.RollingUpdate;
import dev.acs.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The translation of declared services into Swarm service specs, field by field, and the problems it reports. */
class ServiceTranslationTest {
    private static final AppSpec APP = AppSpec.builder("shop").version("3")
            .service(ServiceSpec.builder("web").image("nginx:1.25").command(List.of("serve")).scale(3)
                    .env("MODE", "prod").label("team", "a")
                    .reservation(new Resources(50, 64L << 20, 0))
                    .container(ContainerSettings.builder().memoryLimit(128L << 20).nanoCpus(500_000_000L)
                            .healthcheck(new Healthcheck(List.of("CMD", "true"), Duration.ofSeconds(2), null, null,
                                    null, 3)).build())
                    .rule(PlacementRule.constraint("node", "n1")).rule(PlacementRule.constraint("zone", "a"))
                    .rollingUpdate(new RollingUpdate(true, 2, Duration.ofSeconds(10),
                            RollingUpdate.Order.START_FIRST, RollingUpdate.FailureAction.PAUSE, Duration.ofSeconds(30)))
                    .restart(RestartPolicy.parse("on-failure:4"))
                    .port(new PortMapping(null, 8080, 80, PortMapping.Protocol.TCP)).build())
            .service(ServiceSpec.builder("agent").image("agent:1").global(true).restart(RestartPolicy.DECLARED_NO)
                    .build())
            .build();

    @Test
    void aServiceBecomesASwarmServiceWithEveryDeclaredSetting() {
        ServiceTranslation t = ServiceTranslation.of(APP, "shop_default", true);
        assertThat(t.problems()).isEmpty();
        var web = t.specs().get(0).getValue();
        assertThat(web.getName()).isEqualTo("shop_web");
        assertThat(web.getLabels()).containsEntry(SwarmLabels.APP, "shop").containsEntry(SwarmLabels.SERVICE, "web")
                .containsEntry(SwarmLabels.VERSION, "3").containsEntry(SwarmLabels.ORCHESTRATOR, "swarm")
                .containsEntry("team", "a");
        assertThat(web.getMode().getReplicated().getReplicas()).isEqualTo(3);
        var task = web.getTaskTemplate();
        assertThat(task.getContainerSpec().getImage()).isEqualTo("nginx:1.25");
        assertThat(task.getContainerSpec().getArgs()).containsExactly("serve");
        assertThat(task.getContainerSpec().getEnv()).containsExactly("MODE=prod");
        assertThat(task.getContainerSpec().getHealthCheck().getTest()).containsExactly("CMD", "true");
        assertThat(task.getContainerSpec().getHealthCheck().getRetries()).isEqualTo(3);
        assertThat(task.getResources().getLimits().getMemoryBytes()).isEqualTo(128L << 20);
        assertThat(task.getResources().getLimits().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(task.getResources().getReservations().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(task.getResources().getReservations().getMemoryBytes()).isEqualTo(64L << 20);
        assertThat(task.getPlacement().getConstraints()).containsExactly("node.hostname==n1", "node.labels.zone==a");
        assertThat(task.getRestartPolicy().getCondition()).isEqualTo(ServiceRestartCondition.ON_FAILURE);
        assertThat(task.getRestartPolicy().getMaxAttempts()).isEqualTo(4L);
        assertThat(task.getNetworks()).singleElement().satisfies(n -> {
            assertThat(n.getTarget()).isEqualTo("shop_default");
            assertThat(n.getAliases()).containsExactly("web");
        });
        var update = web.getUpdateConfig();
        assertThat(update.getParallelism()).isEqualTo(2L);
        assertThat(update.getDelay()).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(update.getOrder()).isEqualTo(UpdateOrder.START_FIRST);
        assertThat(update.getFailureAction()).isEqualTo(UpdateFailureAction.PAUSE);
        assertThat(update.getMonitor()).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(web.getRollbackConfig().getFailureAction()).isEqualTo(UpdateFailureAction.PAUSE);
        assertThat(web.getRollbackConfig().getOrder()).as("rollback_config.order not declared")
                .isEqualTo(UpdateOrder.STOP_FIRST);
        assertThat(web.getEndpointSpec().getMode()).isEqualTo(EndpointResolutionMode.VIP);
        assertThat(web.getEndpointSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPublishedPort()).isEqualTo(8080);
            assertThat(p.getTargetPort()).isEqualTo(80);
            assertThat(p.getPublishMode()).isEqualTo(PortConfig.PublishMode.ingress);
        });

        var agent = t.specs().get(1).getValue();
        assertThat(agent.getMode().getGlobal()).isNotNull();
        assertThat(agent.getTaskTemplate().getRestartPolicy().getCondition()).isEqualTo(ServiceRestartCondition.NONE);
        assertThat(agent.getUpdateConfig().getFailureAction()).as("rollback unless declared")
                .isEqualTo(UpdateFailureAction.ROLLBACK);
        assertThat(agent.getUpdateConfig().getMonitor()).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void withoutRoutingMeshPortsArePublishedOnTheNodesAndNamesResolveRoundRobin() {
        var web = ServiceTranslation.of(APP, "shop_default", false).specs().get(0).getValue();
        assertThat(web.getEndpointSpec().getMode()).isEqualTo(EndpointResolutionMode.DNSRR);
        assertThat(web.getEndpointSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPublishMode()).isEqualTo(PortConfig.PublishMode.host));
    }

    @Test
    void whatSwarmModeCannotExpressIsOneProblemEach() {
        AppSpec app = AppSpec.builder("x").service(ServiceSpec.builder("s").image("i:1")
                .rule(PlacementRule.constraint("aliyun.node_index", "1"))
                .rule(PlacementRule.constraint("group", "/a.*/"))
                .rule(PlacementRule.constraint("group", "(1|2)"))
                .rule(PlacementRule.zones(2))
                .rule(PlacementRule.spread("rack"))
                .privileged(true)
                .port(new PortMapping("10.0.0.1", 80, 80, PortMapping.Protocol.TCP)).build()).build();
        assertThat(ServiceTranslation.of(app, "x_default", true).problems()).extracting(SwarmProblem::key)
                .containsExactly("privileged", "constraint:aliyun.node_index==1", "constraint:group==/a.*/",
                        "constraint:group==(1|2)", "availability:az==2", "spread: node.labels.rack", "ports");
    }
}

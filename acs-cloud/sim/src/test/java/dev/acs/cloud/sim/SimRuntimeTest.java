package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ContainerState;
import dev.acs.core.model.HealthStatus;
import dev.acs.core.model.ImageRef;
import dev.acs.core.model.Node;
import dev.acs.core.model.NodeOrigin;
import dev.acs.core.model.NodeState;
import dev.acs.core.model.PortMapping;
import dev.acs.core.model.Probe;
import dev.acs.core.model.RestartPolicy;
import dev.acs.core.model.ServiceSpec;
import dev.acs.core.model.Zone;
import dev.acs.core.spi.ContainerRequest;
import dev.acs.core.spi.ContainerRuntime;
import dev.acs.core.spi.Machine;
import dev.acs.core.spi.MachineRequest;
import dev.acs.core.spi.ProbeResult;
import dev.acs.core.spi.RuntimeContainer;
import dev.acs.core.spi.RuntimeEvent;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated container runtime on virtual time: lifecycle, ports, images, logs, events and faults. */
class SimRuntimeTest extends SimRuntimeFixture {
    @Test
    void aContainerGoesThroughDockerStates() {
        RuntimeContainer c = create(node, service("web", "nginx:1.25"));
        assertThat(c.state()).isEqualTo(ContainerState.CREATED);
        assertThat(c.containerId()).isEqualTo("ctr-1");
        assertThat(c.name()).isEqualTo("app_web_1");
        assertThat(c.runtimeId()).matches("[0-9a-f]{64}");
        assertThat(c.health()).isEqualTo(HealthStatus.UNKNOWN);
        rt.start(node, c.runtimeId(), T);
        rt.start(node, c.runtimeId(), T);
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        rt.stop(node, c.runtimeId(), Duration.ofSeconds(10), T);
        rt.stop(node, c.runtimeId(), Duration.ofSeconds(10), T);
        RuntimeContainer stopped = rt.inspect(node, c.runtimeId(), T);
        assertThat(stopped.state()).isEqualTo(ContainerState.STOPPED);
        assertThat(stopped.exitCode()).isNull();
        rt.start(node, c.runtimeId(), T);
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        rt.remove(node, c.runtimeId(), true, T);
        rt.remove(node, c.runtimeId(), true, T);
        assertCode(ErrorCode.NOT_FOUND, () -> rt.inspect(node, c.runtimeId(), T));
        assertCode(ErrorCode.NOT_FOUND, () -> rt.start(node, c.runtimeId(), T));
        assertThat(rt.list(node, T)).isEmpty();
    }

    @Test
    void aNewImagePushedUnderTheSameTagIsPulledAgainWithANewIdOldContainersKeepTheirs() {
        RuntimeContainer before = started(node, service("web", "nginx:1.25"));
        assertThat(before.imageId()).matches("sha256:[0-9a-f]{64}");
        assertThat(rt.pullImage(node, ImageRef.parse("nginx:1.25"), T)).isEqualTo(before.imageId());

        cloud.pushImage("nginx:1.25");
        assertThat(create(node, service("web", "nginx:1.25")).imageId()).as("the node has the tag: no pull")
                .isEqualTo(before.imageId());
        String pulled = rt.pullImage(node, ImageRef.parse("nginx:1.25"), T);
        assertThat(pulled).isNotEqualTo(before.imageId());
        assertThat(rt.inspect(node, before.runtimeId(), T).imageId()).isEqualTo(before.imageId());
        assertThat(create(node, service("web", "nginx:1.25")).imageId()).isEqualTo(pulled);
        assertThat(rt.pullImage(other, ImageRef.parse("nginx:1.25"), T)).isEqualTo(pulled);
        assertCode(ErrorCode.IMAGE_PULL_FAILED, () -> rt.pullImage(node, ImageRef.parse("missing:1"), T));
    }

    @Test
    void stoppingACreatedContainerKeepsItCreated() {
        RuntimeContainer c = create(node, service("web", "nginx:1.25"));
        rt.stop(node, c.runtimeId(), Duration.ZERO, T);
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.CREATED);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rt.stop(node, c.runtimeId(), Duration.ofSeconds(-1), T));
    }

    @Test
    void containersLiveOnTheirOwnNode() {
        RuntimeContainer c = create(node, service("web", "nginx:1.25"));
        assertCode(ErrorCode.NOT_FOUND, () -> rt.inspect(other, c.runtimeId(), T));
        assertThat(rt.list(other, T)).isEmpty();
        assertThat(rt.list(node, T)).extracting(RuntimeContainer::runtimeId).containsExactly(c.runtimeId());
    }

    @Test
    void aNodeIsFoundByAddressWhenItHasNoMachineId() {
        Node byAddress = Node.builder().id("n9").clusterId("c1").name("c1-node9").index(9).zone(node.zone())
                .address(node.address()).capacity(node.capacity()).labels(Map.of()).state(NodeState.NORMAL)
                .origin(NodeOrigin.ADDED_EXISTING).createdAt(clock.now()).build();
        RuntimeContainer c = create(byAddress, service("web", "nginx:1.25"));
        assertThat(rt.list(node, T)).extracting(RuntimeContainer::runtimeId).containsExactly(c.runtimeId());
        Node nowhere = Node.builder().id("n8").clusterId("c1").name("c1-node8").index(8).zone(node.zone())
                .address("192.0.2.1").capacity(node.capacity()).labels(Map.of()).state(NodeState.NORMAL)
                .origin(NodeOrigin.ADDED_EXISTING).createdAt(clock.now()).build();
        assertThat(rt.ping(nowhere, T)).isFalse();
        assertThatThrownBy(() -> rt.list(nowhere, T)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE)).hasMessageContaining("c1-node8");
    }

    @Test
    void engineAnswersOnlyWhileTheMachineRuns() {
        List<Machine> booting = cloud.infrastructure().createMachines(new MachineRequest(Zone.of("cn-hangzhou-e"),
                List.of(), "ecs.n4.large", 1, "boot", Map.of()), T);
        Node b = node(booting.get(0), 3);
        assertThat(rt.ping(b, T)).isFalse();
        assertThatThrownBy(() -> rt.list(b, T)).hasMessageContaining("is PENDING");
        clock.advance(Duration.ofMinutes(1));
        assertThat(rt.ping(b, T)).isTrue();
        create(b, service("web", "nginx:1.25"));
        cloud.infrastructure().releaseMachines(List.of(b.machineId()), T);
        assertThat(rt.ping(b, T)).isFalse();
        assertThatThrownBy(() -> rt.list(b, T)).hasMessageContaining("STOPPING");
    }

    @Test
    void unknownImagesFailToPull() {
        assertThatThrownBy(() -> create(node, service("db", "mysql:5.7"))).isInstanceOfSatisfying(AcsException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_PULL_FAILED);
                    assertThat(e.details()).containsEntry("image", "mysql:5.7");
                }).hasMessageContaining("c1-node1");
        assertThat(rt.list(node, T)).isEmpty();
        assertThat(create(node, service("cache", "redis:latest")).state()).isEqualTo(ContainerState.CREATED);
        assertThat(create(node, service("app", "registry.example.com/team/app:2")).state()).isEqualTo(ContainerState.CREATED);
    }

    @Test
    void containerNamesAreUniquePerNode() {
        ServiceSpec web = service("web", "nginx:1.25");
        rt.create(node, new ContainerRequest("a", "same", "app", web, 1), T);
        assertCode(ErrorCode.NAME_CONFLICT, () -> rt.create(node, new ContainerRequest("b", "same", "app", web, 2), T));
        assertThat(rt.create(other, new ContainerRequest("b", "same", "app", web, 2), T).name()).isEqualTo("same");
        assertThatThrownBy(() -> rt.create(node, new ContainerRequest("c", "-bad/name", "app", web, 3), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("'-bad/name' is not a valid container name");
    }

    @Test
    void dynamicHostPortsCountUpFrom32768PerNode() {
        ServiceSpec web = service("web", "nginx:1.25", PortMapping.exposed(80), PortMapping.exposed(443));
        RuntimeContainer created = create(node, web);
        assertThat(created.ports()).extracting(PortMapping::hostPort).containsExactly(0, 0);
        rt.start(node, created.runtimeId(), T);
        assertThat(rt.inspect(node, created.runtimeId(), T).ports()).extracting(PortMapping::hostPort)
                .containsExactly(32768, 32769);
        assertThat(started(node, web).ports()).extracting(PortMapping::hostPort).containsExactly(32770, 32771);
        assertThat(started(other, web).ports()).extracting(PortMapping::hostPort).containsExactly(32768, 32769);
        assertThat(rt.inspect(node, created.runtimeId(), T).ports()).extracting(PortMapping::containerPort)
                .containsExactly(80, 443);
    }

    @Test
    void aFixedHostPortAlreadyBoundOnTheNodeFailsTheStart() {
        ServiceSpec web = service("web", "nginx:1.25", PortMapping.published(80, 80));
        RuntimeContainer first = started(node, web);
        assertThat(first.ports()).extracting(PortMapping::hostPort).containsExactly(80);
        RuntimeContainer second = create(node, web);
        assertThatThrownBy(() -> rt.start(node, second.runtimeId(), T)).isInstanceOfSatisfying(AcsException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.details()).containsEntry("hostPort", "80");
                }).hasMessageContaining("host port 80/tcp");
        assertThat(rt.inspect(node, second.runtimeId(), T).state()).isEqualTo(ContainerState.CREATED);
        RuntimeContainer udp = started(node, service("dns", "nginx:1.25",
                new PortMapping(null, 80, 53, PortMapping.Protocol.UDP)));
        assertThat(udp.state()).as("another protocol does not conflict").isEqualTo(ContainerState.RUNNING);
        assertThat(started(other, web).state()).isEqualTo(ContainerState.RUNNING);
        rt.stop(node, first.runtimeId(), Duration.ZERO, T);
        rt.start(node, second.runtimeId(), T);
        assertThat(rt.inspect(node, second.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void listReturnsOnlyContainersTheControlPlaneMadeIncludingStoppedOnes() {
        String foreign = cloud.runForeignContainer(node.machineId(), "someone-elses", "busybox");
        RuntimeContainer a = started(node, service("web", "nginx:1.25"));
        RuntimeContainer b = create(node, service("cache", "redis"));
        rt.stop(node, a.runtimeId(), Duration.ZERO, T);
        assertThat(rt.list(node, T)).extracting(RuntimeContainer::containerId).containsExactly("ctr-1", "ctr-2");
        assertThat(rt.list(node, T)).extracting(RuntimeContainer::runtimeId).doesNotContain(foreign);
        RuntimeContainer f = rt.inspect(node, foreign, T);
        assertThat(f.containerId()).isNull();
        assertThat(f.state()).isEqualTo(ContainerState.RUNNING);
        assertCode(ErrorCode.NAME_CONFLICT, () -> cloud.runForeignContainer(node.machineId(), "someone-elses", "busybox"));
        assertThat(b.state()).isEqualTo(ContainerState.CREATED);
    }

    @Test
    void logsAreSyntheticLinesFilteredByTimeAndTail() {
        RuntimeContainer c = create(node, service("web", "nginx:1.25", PortMapping.published(8080, 80)));
        Instant created = clock.now();
        clock.advance(Duration.ofSeconds(10));
        rt.start(node, c.runtimeId(), T);
        cloud.workload().writeLog(c.runtimeId(), "GET / 200");
        List<String> all = rt.logs(node, c.runtimeId(), 100, null, T);
        assertThat(all).hasSize(3);
        assertThat(all.get(0)).startsWith(created + " created from image nginx:1.25 for service web replica 1");
        assertThat(all.get(1)).contains("started, listening on [8080:80/tcp]");
        assertThat(all.get(2)).isEqualTo(clock.now() + " GET / 200");
        assertThat(rt.logs(node, c.runtimeId(), 1, null, T)).containsExactly(all.get(2));
        assertThat(rt.logs(node, c.runtimeId(), 0, null, T)).isEmpty();
        assertThat(rt.logs(node, c.runtimeId(), 100, clock.now(), T)).hasSize(2);
        assertThat(rt.logs(node, c.runtimeId(), 100, clock.now().plusSeconds(1), T)).isEmpty();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rt.logs(node, c.runtimeId(), -1, null, T));
        assertCode(ErrorCode.NOT_FOUND, () -> rt.logs(node, "nope", 10, null, T));
        assertCode(ErrorCode.NOT_FOUND, () -> cloud.workload().writeLog("nope", "x"));
    }

    @Test
    void eventsArriveInOrderOnClockAdvanceAndStopWhenClosed() throws Exception {
        List<RuntimeEvent> seen = new ArrayList<>();
        AutoCloseable handle = rt.events(node, seen::add);
        RuntimeContainer c = create(node, service("web", "nginx:1.25"));
        rt.start(node, c.runtimeId(), T);
        assertThat(seen).as("delivered on the clock, not inside the call").isEmpty();
        clock.advance(Duration.ZERO);
        assertThat(seen).extracting(RuntimeEvent::state).containsExactly(ContainerState.CREATED, ContainerState.RUNNING);
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.nodeId()).isEqualTo("n1");
            assertThat(e.runtimeId()).isEqualTo(c.runtimeId());
            assertThat(e.containerId()).isEqualTo("ctr-1");
            assertThat(e.time()).isEqualTo(clock.now());
        });
        cloud.failContainer(c.runtimeId(), 3);
        rt.remove(node, c.runtimeId(), false, T);
        handle.close();
        clock.advance(Duration.ZERO);
        assertThat(seen).as("events emitted before close but delivered after are dropped").hasSize(2);
        create(node, service("cache", "redis"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(seen).hasSize(2);
    }

    @Test
    void exitEventsCarryTheCodeAndAFailingListenerDoesNotStopOthers() {
        List<RuntimeEvent> seen = new ArrayList<>();
        rt.events(node, e -> {
            throw new IllegalStateException("listener bug");
        });
        rt.events(node, seen::add);
        RuntimeContainer c = started(node, service("web", "nginx:1.25"));
        cloud.failContainer(c.runtimeId(), 137);
        clock.advance(Duration.ZERO);
        assertThat(seen).extracting(RuntimeEvent::state).containsExactly(ContainerState.CREATED,
                ContainerState.RUNNING, ContainerState.EXITED);
        assertThat(seen.get(2).exitCode()).isEqualTo(137);
        assertThat(seen.get(1).exitCode()).isNull();
    }

    @Test
    void aCrashedContainerWithoutRestartPolicyStaysExited() {
        RuntimeContainer c = started(node, service("web", "nginx:1.25", PortMapping.published(80, 80)));
        cloud.failContainer(c.runtimeId(), 1);
        clock.advance(Duration.ofMinutes(5));
        RuntimeContainer after = rt.inspect(node, c.runtimeId(), T);
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.ports()).extracting(PortMapping::hostPort).containsExactly(80);
        assertThat(started(node, service("web2", "nginx:1.25", PortMapping.published(80, 80))).state())
                .as("an exited container frees its host ports").isEqualTo(ContainerState.RUNNING);
        assertCode(ErrorCode.INVALID_STATE, () -> cloud.failContainer(c.runtimeId(), 1));
        assertCode(ErrorCode.NOT_FOUND, () -> cloud.failContainer("nope", 1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rt.start(node, c.runtimeId(), T));
        assertThat(rt.inspect(node, c.runtimeId(), T).exitCode()).isEqualTo(1);
    }

    @Test
    void aRestartedContainerForgetsItsExitCode() {
        RuntimeContainer c = started(node, service("web", "nginx:1.25"));
        cloud.failContainer(c.runtimeId(), 1);
        rt.start(node, c.runtimeId(), T);
        assertThat(rt.inspect(node, c.runtimeId(), T).exitCode()).isNull();
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void restartPolicyAlwaysRestartsInPlaceWithDoublingBackOff() {
        ServiceSpec web = service("web", "nginx:1.25").toBuilder().restart(RestartPolicy.ALWAYS).build();
        RuntimeContainer c = started(node, web);
        List<RuntimeEvent> seen = new ArrayList<>();
        rt.events(node, seen::add);
        cloud.failContainer(c.runtimeId(), 0);
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RESTARTING);
        clock.advance(Duration.ofMillis(999));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RESTARTING);
        clock.advance(Duration.ofMillis(1));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        assertThat(seen).extracting(RuntimeEvent::state).containsExactly(ContainerState.EXITED,
                ContainerState.RESTARTING, ContainerState.RUNNING);
        cloud.failContainer(c.runtimeId(), 2);
        clock.advance(Duration.ofMillis(1999));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RESTARTING);
        clock.advance(Duration.ofMillis(1));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void stoppingARestartingContainerCancelsTheRestart() {
        ServiceSpec web = service("web", "nginx:1.25").toBuilder().restart(RestartPolicy.ALWAYS).build();
        RuntimeContainer c = started(node, web);
        cloud.failContainer(c.runtimeId(), 1);
        rt.stop(node, c.runtimeId(), Duration.ZERO, T);
        clock.advance(Duration.ofMinutes(1));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.STOPPED);
    }

    @Test
    void onFailureRestartsOnlyNonZeroExitsUpToItsRetryCount() {
        ServiceSpec web = service("web", "nginx:1.25").toBuilder().restart(RestartPolicy.parse("on-failure:2")).build();
        RuntimeContainer c = started(node, web);
        for (int i = 0; i < 2; i++) {
            cloud.failContainer(c.runtimeId(), 1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        }
        cloud.failContainer(c.runtimeId(), 1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.EXITED);
        RuntimeContainer clean = started(node, web);
        cloud.failContainer(clean.runtimeId(), 0);
        clock.advance(Duration.ofMinutes(1));
        assertThat(rt.inspect(node, clean.runtimeId(), T).state()).isEqualTo(ContainerState.EXITED);
    }

    @Test
    void aRestartThatCannotBindItsPortLeavesTheContainerExited() {
        ServiceSpec web = service("web", "nginx:1.25", PortMapping.published(80, 80)).toBuilder()
                .restart(RestartPolicy.ALWAYS).build();
        RuntimeContainer c = started(node, web);
        cloud.failContainer(c.runtimeId(), 1);
        started(node, service("squatter", "nginx:1.25", PortMapping.published(80, 80)));
        clock.advance(Duration.ofMinutes(1));
        RuntimeContainer after = rt.inspect(node, c.runtimeId(), T);
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(rt.logs(node, c.runtimeId(), 1, null, T).get(0)).contains("restart failed").contains("host port 80");
    }

    @Test
    void aLostNodeStopsAnsweringAndComesBackEmpty() {
        RuntimeContainer c = started(node, service("web", "nginx:1.25", PortMapping.published(80, 80)));
        List<RuntimeEvent> seen = new ArrayList<>();
        rt.events(node, seen::add);
        cloud.loseNode(node.machineId());
        assertThat(rt.ping(node, T)).isFalse();
        assertThat(rt.ping(other, T)).isTrue();
        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> rt.list(node, T),
                () -> rt.inspect(node, c.runtimeId(), T), () -> rt.start(node, c.runtimeId(), T),
                () -> rt.stop(node, c.runtimeId(), Duration.ZERO, T), () -> rt.remove(node, c.runtimeId(), false, T),
                () -> rt.logs(node, c.runtimeId(), 1, null, T), () -> rt.probe(node, c.runtimeId(), Probe.tcp(80), T),
                () -> create(node, service("x", "redis")), () -> rt.events(node, e -> { }))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(AcsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                assertThat(e.details()).containsEntry("node", "n1");
            }).hasMessageContaining("c1-node1").hasMessageContaining("lost");
        }
        assertCode(ErrorCode.NOT_FOUND, () -> cloud.failContainer(c.runtimeId(), 1));
        assertThat(cloud.infrastructure().describeMachines(List.of(node.machineId()), T).get(0).state())
                .isEqualTo(dev.acs.core.spi.MachineState.RUNNING);
        cloud.restoreNode(node.machineId());
        assertThat(rt.ping(node, T)).isTrue();
        assertThat(rt.list(node, T)).isEmpty();
        assertCode(ErrorCode.NOT_FOUND, () -> rt.inspect(node, c.runtimeId(), T));
        assertThat(started(node, service("web", "nginx:1.25", PortMapping.published(80, 80))).state())
                .isEqualTo(ContainerState.RUNNING);
        clock.advance(Duration.ZERO);
        assertThat(seen).as("losing the node ended the event stream").isEmpty();
        assertCode(ErrorCode.NOT_FOUND, () -> cloud.loseNode("i-unknown"));
        assertCode(ErrorCode.NOT_FOUND, () -> cloud.restoreNode("i-unknown"));
    }

    @Test
    void runtimeCallsHonourTimeoutsAndInjectedFailures() {
        RuntimeContainer c = create(node, service("web", "nginx:1.25"));
        cloud.delayApi(SimOperation.START_CONTAINER, Duration.ofSeconds(10));
        assertThatThrownBy(() -> rt.start(node, c.runtimeId(), T)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT)).hasMessageContaining("START_CONTAINER");
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.CREATED);
        rt.start(node, c.runtimeId(), Duration.ofSeconds(10));
        cloud.delayApi(SimOperation.PING, Duration.ofSeconds(10));
        assertThat(rt.ping(node, T)).isFalse();
        assertThat(rt.ping(node, Duration.ofSeconds(11))).isTrue();
        cloud.failApi(SimOperation.PING, ErrorCode.PROVIDER_UNAVAILABLE, 1);
        assertThat(rt.ping(node, Duration.ofSeconds(11))).isFalse();
        assertThat(rt.ping(node, Duration.ofSeconds(11))).isTrue();
        cloud.failApi(SimOperation.INSPECT_CONTAINER, ErrorCode.PROVIDER_UNAVAILABLE, 1);
        assertCode(ErrorCode.PROVIDER_UNAVAILABLE, () -> rt.inspect(node, c.runtimeId(), T));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rt.ping(node, null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> rt.list(node, Duration.ofMillis(-1)));
        assertThat(SimOperation.PING.isRuntime()).isTrue();
        assertThat(SimOperation.RELEASE_MACHINES.isRuntime()).isFalse();
    }

    @Test
    void foreignContainersNeedAnAnsweringMachine() {
        cloud.loseNode(node.machineId());
        assertCode(ErrorCode.PROVIDER_UNAVAILABLE, () -> cloud.runForeignContainer(node.machineId(), "x", "busybox"));
        assertCode(ErrorCode.NOT_FOUND, () -> cloud.runForeignContainer("i-none", "x", "busybox"));
    }

    @Test
    void aServiceSetToExitByItselfEndsAfterItsRunTimeAndRestartsByPolicy() {
        cloud.exitAfter("job", Duration.ofSeconds(30), 0);
        cloud.exitAfter("crashy", Duration.ofSeconds(5), 2);
        RuntimeContainer job = started(node, service("job", "redis"));
        ServiceSpec crashy = service("crashy", "redis").toBuilder().restart(RestartPolicy.parse("on-failure:1")).build();
        RuntimeContainer c = started(node, crashy);
        clock.advance(Duration.ofSeconds(29));
        assertThat(rt.inspect(node, job.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        RuntimeContainer done = rt.inspect(node, job.runtimeId(), T);
        assertThat(done.state()).isEqualTo(ContainerState.EXITED);
        assertThat(done.exitCode()).isZero();
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).as("exited at 5 s, restarted once, exited at 11 s")
                .isEqualTo(ContainerState.EXITED);
        assertThat(rt.inspect(node, c.runtimeId(), T).exitCode()).isEqualTo(2);
        assertThat(rt.logs(node, c.runtimeId(), 100, null, T)).filteredOn(l -> l.contains("exited with code 2")).hasSize(2);

        RuntimeContainer stoppedEarly = started(node, service("job", "redis"));
        rt.stop(node, stoppedEarly.runtimeId(), Duration.ZERO, T);
        clock.advance(Duration.ofMinutes(1));
        assertThat(rt.inspect(node, stoppedEarly.runtimeId(), T).state()).isEqualTo(ContainerState.STOPPED);
        cloud.exitAfter("job", null, 0);
        RuntimeContainer forever = started(node, service("job", "redis"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(rt.inspect(node, forever.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> cloud.exitAfter("job", Duration.ofSeconds(-1), 0));
    }

    @Test
    void aSlowServiceFailsProbesWithAShorterTimeout() {
        RuntimeContainer c = started(node, service("web", "nginx:1.25"));
        cloud.probeBehaviourForService("web", ProbeBehaviour.respondingIn(Duration.ofSeconds(3)));
        ProbeResult slow = rt.probe(node, c.runtimeId(), Probe.http(80, "/"), T);
        assertThat(slow.healthy()).isFalse();
        assertThat(slow.detail()).contains("probe timeout of PT2S");
        Probe patient = Probe.http(80, "/").withTimings(Duration.ofSeconds(5), Duration.ZERO);
        assertThat(rt.probe(node, c.runtimeId(), patient, T).healthy()).isTrue();
        assertThatThrownBy(() -> ProbeBehaviour.respondingIn(null)).hasMessageContaining("response time");
    }

    @Test
    void theFirstPullOfAnImageOnANodeTakesTime() {
        SimCloud slowRegistry = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e")
                .pullTime(Duration.ofSeconds(20)).build();
        String machine = slowRegistry.infrastructure().createMachines(new MachineRequest(Zone.of("cn-hangzhou-e"),
                List.of(), "ecs.n4.large", 1, "p", Map.of()), T).get(0).id();
        clock.advance(Duration.ofMinutes(1));
        Node n = node(slowRegistry.machines().get(0), 1);
        ContainerRuntime slow = slowRegistry.runtime();
        ServiceSpec web = service("web", "nginx:1.25");
        assertThatThrownBy(() -> slow.create(n, new ContainerRequest("a", "a", "app", web, 1), T))
                .isInstanceOfSatisfying(AcsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("with the pull of nginx:1.25");
        assertThat(slowRegistry.containersOn(machine)).isEmpty();
        slow.create(n, new ContainerRequest("a", "a", "app", web, 1), Duration.ofSeconds(30));
        assertThat(slow.create(n, new ContainerRequest("b", "b", "app", web, 2), T).state())
                .as("the image is on the node now").isEqualTo(ContainerState.CREATED);
        slowRegistry.runForeignContainer(machine, "other", "busybox");
        assertThat(slowRegistry.containersOn(machine)).extracting(RuntimeContainer::name).containsExactly("a", "b", "other");
        assertCode(ErrorCode.NOT_FOUND, () -> slowRegistry.containersOn("i-none"));
        slowRegistry.loseNode(machine);
        assertThat(slowRegistry.containersOn(machine)).isEmpty();
    }

    @Test
    void aRuntimeCallWhoseAnswerIsLostStillTakesEffect() {
        RuntimeContainer c = create(node, service("web", "nginx:1.25"));
        cloud.failApiAfterEffect(SimOperation.START_CONTAINER, ErrorCode.TIMEOUT, 1);
        assertCode(ErrorCode.TIMEOUT, () -> rt.start(node, c.runtimeId(), T));
        assertThat(rt.inspect(node, c.runtimeId(), T).state()).isEqualTo(ContainerState.RUNNING);
        cloud.failApiAfterEffect(SimOperation.PING, ErrorCode.TIMEOUT, 1);
        assertThat(rt.ping(node, T)).isFalse();
        assertThat(rt.ping(node, T)).isTrue();
    }
}

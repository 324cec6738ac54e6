// JShell quickstart: scripts/jshell-quickstart.sh runs it (or: jshell --class-path examples/target/acs.jar quickstart.jsh)
// JShell runs each complete line at once, so chained calls end their lines with a dot.
import dev.acs.core.model.*;
import dev.acs.core.limits.*;
import dev.acs.core.error.*;
import dev.acs.core.clock.*;
import dev.acs.core.engine.*;
import dev.acs.core.api.*;
import dev.acs.cloud.sim.*;
import dev.acs.compose.*;
import dev.acs.scheduler.*;
import java.time.Duration;

// a simulated cloud and a control plane on virtual time
var clock = new ManualClock();
var cloud = SimCloud.builder().clock(clock).region("cn-hangzhou", "cn-hangzhou-e", "cn-hangzhou-f").build();
var cp = ControlPlane.builder().
        infrastructure(cloud.infrastructure()).runtime(cloud.runtime()).scheduler(new SwarmScheduler()).
        clock(clock).executor(Runnable::run).build();

// a cluster of three nodes
var creating = cp.clusters().create(ClusterSpec.classic("jshell", Zone.of("cn-hangzhou-e"), 3, "ecs.n4.large"));
clock.advance(Duration.ofMinutes(1));
var cluster = creating.await(Duration.ZERO);
System.out.println(cluster.name() + " " + cluster.state() + " with " + cluster.nodeCount() + " nodes");

// a template with a scheduler directive, validated and deployed
var yaml = "web:\n  image: nginx:1.25\n  environment:\n    - affinity:service!=web\n  labels:\n    aliyun.scale: \"3\"\n";
var parsed = Templates.parse(yaml, ParseOptions.builder().applicationName("site").build());
System.out.println("valid: " + parsed.isValid() + ", rules: " + parsed.orElseThrow().services().get(0).placement());
var deploying = cp.applications().deploy(cluster.id(), parsed.orElseThrow());
clock.advance(Duration.ofMinutes(1));
System.out.println(deploying.await(Duration.ZERO).state());
cp.applications().containers(deploying.targetId()).forEach(c -> System.out.println("  " + c.name() + " " + c.state()));

// errors say what to change
try {
    Limits.defaults().requireClusterName("bad name!");
} catch (AcsException e) {
    System.out.println(e.getMessage());
}
cp.close();
System.out.println("QUICKSTART OK");
/exit

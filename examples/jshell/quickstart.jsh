// JShell quickstart: run with scripts/jshell-quickstart.sh (or jshell --class-path <acs jars> quickstart.jsh)
import dev.acs.core.model.*;
import dev.acs.core.limits.*;
import dev.acs.core.error.*;

// a service as a template would declare it: 3 containers, 0.5 core and 512 MiB each, spread over 2 zones
// (JShell runs each complete line at once, so chained calls end their lines with a dot)
var web = ServiceSpec.builder("web").
        image("registry.aliyuncs.com/acs-sample/wordpress:4.5").
        port(PortMapping.published(80, 80)).
        reservation(new Resources(50, ByteSize.parse("512m"), 0)).
        scale(3).
        rule(PlacementRule.zones(2)).
        build();
var app = AppSpec.builder("wordpress").service(web).build();
System.out.println(app.name() + " v" + app.version() + ": " + app.services().size() + " service, " + web.placement());

// the product's limits, and an error that says what to change
var limits = Limits.defaults();
try {
    limits.requireClusterName("bad name!");
} catch (AcsException e) {
    System.out.println(e.getMessage());
}

// the state tables are enforced
try {
    ClusterState.DELETED.transitionTo("cluster 'demo'", ClusterState.RUNNING);
} catch (AcsException e) {
    System.out.println(e.getMessage());
}
System.out.println("QUICKSTART OK");
/exit

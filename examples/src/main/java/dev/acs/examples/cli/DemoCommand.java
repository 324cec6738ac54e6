package dev.acs.examples.cli;

import dev.acs.examples.demo.Demo;
import dev.acs.examples.demo.HaDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code acs demo}: the main job on the embedded simulated cloud; {@code acs demo --ha --engine ENDPOINT...}: a highly
 * available control plane as two processes over one etcd, whose leader is killed ({@link HaDemo}). Exit 0 when every
 * step checked out, 3 when one did not.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on the embedded simulated cloud: create a 3-zone cluster with GPU nodes, "
                + "deploy a multi-service template, lose a node, roll an update; exits 0 only if every step checks out. "
                + "With --ha: two control-plane processes over one etcd and the given Docker Engines; the leader is "
                + "killed with SIGKILL, the other takes over, the application keeps running and is scaled.")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ha", description = "Run the highly available control plane demo (needs --engine).")
    boolean ha;

    @Option(names = "--engine", paramLabel = "ENDPOINT",
            description = "With --ha: a Docker Engine, unix:///var/run/docker.sock or tcp://HOST:2376; repeat for "
                    + "more nodes.")
    List<String> engines = new ArrayList<>();

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "busybox:1.36",
            description = "With --ha: the image the application runs (it needs sh and sleep); default ${DEFAULT-VALUE}.")
    String image;

    @Option(names = "--etcd", paramLabel = "URL",
            description = "With --ha: an etcd client URL to keep the state in (repeat for more members); without, "
                    + "a private 3-member etcd is started for the run (needs the etcd program).")
    List<String> etcd = new ArrayList<>();

    @Override
    public Integer call() {
        if (!ha) {
            if (!engines.isEmpty() || !etcd.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--engine and --etcd need --ha");
            }
            return new Demo(System.out).run() ? AcsCli.EXIT_OK : AcsCli.EXIT_FAILED;
        }
        if (engines.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ha needs at least one --engine: the two control-plane processes share real engines");
        }
        List<String> named = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            named.add("engine-" + (i + 1) + "=" + engines.get(i));
        }
        return new HaDemo(System.out, named, image, etcd).run() ? AcsCli.EXIT_OK : AcsCli.EXIT_FAILED;
    }
}

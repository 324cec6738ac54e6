package dev.acs.examples.cli;

import dev.acs.examples.demo.Demo;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code acs demo}: the main job on the embedded simulated cloud; exit 0 when every step checked out, 3 when one did not. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on the embedded simulated cloud: create a 3-zone cluster with GPU nodes, "
                + "deploy a multi-service template, lose a node, roll an update; exits 0 only if every step checks out.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return new Demo(System.out).run() ? AcsCli.EXIT_OK : AcsCli.EXIT_FAILED;
    }
}

// JShell start-up script for the ACS SDK: the imports a session needs.
//   ./mvnw -q -DskipTests -pl examples -am package
//   jshell --class-path examples/target/acs.jar docs/startup.jsh
// or, in a running session: /open docs/startup.jsh
// DocsJShellTest evaluates this script, then the Java samples of docs/embedding.md, and fails on any rejected snippet.

// the model, the API of the control plane, errors and limits
import dev.acs.core.AcsVersion;
import dev.acs.core.model.*;
import dev.acs.core.api.*;
import dev.acs.core.error.*;
import dev.acs.core.limits.*;
import dev.acs.core.event.*;
// the engine, clocks (ManualClock for virtual time), state stores and the SPIs (Clock here is dev.acs.core.spi.Clock)
import dev.acs.core.engine.ControlPlane;
import dev.acs.core.clock.*;
import dev.acs.core.store.*;
import dev.acs.core.spi.*;
import dev.acs.core.routing.*;
// templates: Templates.parse(yaml, ParseOptions...), diagnostics, profiles
import dev.acs.compose.*;
// the Swarm scheduler and the simulated cloud
import dev.acs.scheduler.SwarmScheduler;
import dev.acs.cloud.sim.*;
// JDK types the samples use (java.time.* is not imported whole: its Clock would hide the SDK's)
import java.time.Duration;
import java.time.Instant;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

package dev.acs.core.engine;

import dev.acs.core.routing.RoutingController;

/**
 * The components of one control plane, each built once by constructor in dependency order (records first, commands
 * last; no setter wiring, no cycles), and what {@link ControlPlane} keeps of them.
 *
 * @param clusterCommands cluster commands (also the public {@code Clusters})
 * @param nodes           node operations
 * @param applications    application commands
 * @param controllers     the reconcile passes' controllers
 * @param views           principal-scoped views of the API
 * @param triggerEndpoint the trigger endpoint
 */
record EngineComponents(ClusterCommands clusterCommands, dev.acs.core.api.Nodes nodes,
                        dev.acs.core.api.Applications applications,
                        ControllerRunner controllers, Views views, TriggerCalls triggerEndpoint) {

    /** Builds every component of the control plane {@code b} describes over {@code context}. */
    static EngineComponents wire(ControlPlane.Builder b, EngineContext context, RoutingController routing,
                                 ObservabilityWiring.Built observability) {
        MachineLedger machines = new MachineLedger(context);
        ClusterRecords clusterRecords = new ClusterRecords(context);
        MachineWaits waits = new MachineWaits(context, clusterRecords);
        Async async = new Async(context);
        Entities appEntities = context.entities();
        ContainerLauncher launcher = new ContainerLauncher(context, appEntities, async);
        AppRecords appRecords = new AppRecords(context, clusterRecords, appEntities, launcher);
        Converger converger = new Converger(context, appRecords, clusterRecords, launcher, async);
        BlueGreenReleases releases = new BlueGreenReleases(context, appRecords, converger, async);
        Stops stops = new Stops(context, appRecords, converger, releases, launcher, async);
        Healing healing = new Healing(context, appRecords, converger, clusterRecords, launcher, releases, async);
        RollingUpdates rolling = new RollingUpdates(context, appRecords, clusterRecords, converger, launcher, async);
        Jobs jobs = new Jobs(context, appRecords, clusterRecords, converger, healing, launcher, async, b.jobTimeZone);
        TriggerService triggerService = new TriggerService(context, appRecords);
        Deployments deployments = new Deployments(context, appRecords, clusterRecords, converger, healing, launcher,
                async, jobs, triggerService);
        ContainerMoves moves = new ContainerMoves(context, clusterRecords, launcher);
        NodeMigration migration = new NodeMigration(context, clusterRecords, appRecords, converger, moves);
        NodeOperations nodeOperations = new NodeOperations(context, clusterRecords, waits, migration,
                new NodeAttachment(context, clusterRecords, waits));
        OrchestratedClusters orchestrated = new OrchestratedClusters(clusterRecords, appRecords);
        ClusterCommands clusterCommands = new ClusterCommands(context, clusterRecords, machines, waits, appRecords,
                deployments, new Rebalancer(context, clusterRecords, appRecords, converger, moves),
                b.orchestratorProvisioner, orchestrated);
        ApplicationCommands ownApplications = new ApplicationCommands(context, appRecords, deployments, rolling, releases,
                stops, jobs, new Redeploys(context, appRecords, healing, converger, rolling, launcher, async, b.specRefresher));
        orchestrated.bind(b.orchestratedClusters, clusterCommands);
        OrchestratedApplications applications = new OrchestratedApplications(ownApplications, orchestrated,
                new OrchestratedDeployments(context, appRecords, clusterRecords, async), appRecords);
        OrchestratedNodes nodes = new OrchestratedNodes(context, nodeOperations, orchestrated, clusterRecords,
                appRecords, async);
        ControllerRunner controllers = new ControllerRunner(context,
                new EngineControllerContext(context, clusterCommands, nodes, applications),
                ControllerLineup.of(b, context, clusterRecords, appRecords, healing,
                        new OrphanMachines(context, clusterRecords, machines, b.releaseOrphanMachines),
                        new JobsController(context, jobs, clusterRecords, JobsController.INTERVAL), routing,
                        observability));
        Views views = new Views(context, clusterRecords, appRecords, clusterCommands, nodes, applications,
                triggerService, b.routingSettings);
        TriggerCalls triggerEndpoint = new TriggerCalls(context, appRecords, triggerService, views::actingAs,
                b.triggerCallsPerMinute);
        return new EngineComponents(clusterCommands, nodes, applications, controllers, views, triggerEndpoint);
    }
}

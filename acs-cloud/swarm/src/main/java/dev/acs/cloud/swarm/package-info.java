/**
 * Docker Swarm mode as the distributed engine of a cluster: {@link dev.acs.cloud.swarm.SwarmOrchestrator} runs an
 * application as Swarm services on an existing swarm (one attachable overlay network per application, one service per
 * declared service) and reads back what Swarm made of it: services, tasks and nodes. On such a cluster Swarm itself
 * places, restarts and reschedules tasks and rolls updates; this package translates the declared application and
 * observes the result. Everything it creates carries the labels of {@link dev.acs.cloud.swarm.SwarmLabels}, by which
 * it finds, adopts and removes its own objects. {@link dev.acs.cloud.swarm.SwarmSetup} forms swarms (init, join,
 * leave) and {@link dev.acs.cloud.swarm.SwarmProvisioner} uses it to make the new machines of a cluster a swarm
 * ({@code clusters().createOrchestrated}).
 */
package dev.acs.cloud.swarm;

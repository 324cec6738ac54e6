/**
 * Technology compatibility kits: abstract JUnit 5 contract tests that every implementation of an SDK SPI must pass.
 * A provider's test class extends the contract and supplies the instance under test and its environment, e.g.
 * {@link dev.acs.testing.tck.InfrastructureProviderContract} for {@link dev.acs.core.spi.InfrastructureProvider} and
 * {@link dev.acs.testing.tck.SchedulerContract} for {@link dev.acs.core.spi.Scheduler}.
 */
package dev.acs.testing.tck;

/**
 * {@link dev.acs.core.spi.StateStore} implementations: {@link dev.acs.core.store.InMemoryStateStore} (nothing
 * survives the process) and {@link dev.acs.core.store.FileStateStore} (a crash-safe write-ahead journal with
 * snapshots in a directory; its javadoc describes the file format and the recovery rules). Both share the version
 * check of a commit batch, so they agree exactly on semantics.
 */
package dev.acs.core.store;

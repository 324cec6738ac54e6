/**
 * {@link dev.acs.core.spi.StateStore} implementations: {@link dev.acs.core.store.InMemoryStateStore} (nothing
 * survives the process), {@link dev.acs.core.store.FileStateStore} (a crash-safe write-ahead journal with
 * snapshots in an owner-only directory; its javadoc describes the file format, locking, read-only stores and the
 * recovery rules) and {@link dev.acs.core.store.EncryptingStateStore} (AES-GCM encryption of the values of any other
 * store with keys the host supplies). The first two share the version check of a commit batch, so they agree exactly
 * on semantics.
 */
package dev.acs.core.store;

package dev.acs.store.etcd;

import io.etcd.jetcd.ByteSequence;

/**
 * The leadership a fenced commit is guarded by: the leader's election key must still exist with the creation revision
 * it had when leadership was won. A lease that expired deletes the key, and a later leader's key has a later
 * revision, so a deposed leader's commit fails.
 *
 * @param key            the leader's election key
 * @param createRevision its creation revision
 * @param holder         the leader's name, for messages
 */
record Fence(ByteSequence key, long createRevision, String holder) {
}

package dev.acs.examples.bench;

import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StateStore} that passes every call to another one and counts the commits (every {@code put} and
 * {@code delete} is a commit of one change) and the reads, so a benchmark or a test can tell how much a step wrote.
 */
public final class CountingStateStore implements StateStore {
    private final StateStore delegate;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    /** Counts the calls made to {@code delegate}. */
    public CountingStateStore(StateStore delegate) {
        this.delegate = delegate;
    }

    /** Commits so far (one per {@link #commit}, whatever the number of changes in it). */
    public long commits() {
        return commits.get();
    }

    /** Reads so far ({@link #get} and {@link #list} calls). */
    public long reads() {
        return reads.get();
    }

    @Override
    public Optional<StoredEntry> get(String key) {
        reads.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public List<StoredEntry> list(String prefix) {
        reads.incrementAndGet();
        return delegate.list(prefix);
    }

    @Override
    public List<StoredEntry> commit(List<StoreChange> changes) {
        commits.incrementAndGet();
        return delegate.commit(changes);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

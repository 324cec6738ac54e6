package dev.acs.testing.tck;

import dev.acs.core.spi.StateStore;
import dev.acs.core.store.InMemoryStateStore;

/** The store contract for {@link InMemoryStateStore}. */
class InMemoryStateStoreContractTest extends StateStoreContract {
    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore();
    }
}

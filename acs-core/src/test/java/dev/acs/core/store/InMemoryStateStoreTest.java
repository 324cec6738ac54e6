package dev.acs.core.store;

import dev.acs.core.spi.StateStore;

/** The store contract for {@link InMemoryStateStore}. */
class InMemoryStateStoreTest extends StateStoreContractTest {
    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore();
    }
}

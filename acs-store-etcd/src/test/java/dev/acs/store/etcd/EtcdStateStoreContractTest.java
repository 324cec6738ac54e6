package dev.acs.store.etcd;

import dev.acs.core.spi.StateStore;
import dev.acs.testing.etcd.EtcdClusterExtension;
import dev.acs.testing.tck.StateStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

/** The store contract for {@link EtcdStateStore} on a real 3-member etcd cluster, each test under a fresh prefix. */
class EtcdStateStoreContractTest extends StateStoreContract {
    @RegisterExtension
    static final EtcdClusterExtension ETCD = EtcdClusterExtension.members(3);

    @Override
    protected StateStore newStore() {
        return EtcdStateStore.builder(ETCD.endpoints()).prefix("contract/" + UUID.randomUUID()).open();
    }
}

package dev.acs.testing.tck;

import dev.acs.core.spi.StateStore;
import dev.acs.core.store.EncryptingStateStore;
import dev.acs.core.store.FileStateStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract for an {@link EncryptingStateStore} around a {@link FileStateStore}. */
class EncryptingStateStoreContractTest extends StateStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StateStore newStore() {
        return EncryptingStateStore.builder(FileStateStore.builder(dir.resolve("state")).fsync(false).open())
                .key(1, EncryptingStateStore.aesKey(new byte[32])).build();
    }
}

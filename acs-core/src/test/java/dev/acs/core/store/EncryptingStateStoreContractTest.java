package dev.acs.core.store;

import dev.acs.core.spi.StateStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract for an {@link EncryptingStateStore} around a {@link FileStateStore}. */
class EncryptingStateStoreContractTest extends StateStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected StateStore newStore() {
        return EncryptingStateStore.builder(FileStateStore.builder(dir.resolve("state")).fsync(false).open())
                .key(1, EncryptingStateStore.aesKey(new byte[32])).build();
    }
}

package dev.acs.testing.tck;

import dev.acs.core.spi.StateStore;
import dev.acs.core.store.FileStateStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract for {@link FileStateStore}, with its default options (fsync on). */
class FileStateStoreContractTest extends StateStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StateStore newStore() {
        return FileStateStore.open(dir.resolve("state"));
    }
}

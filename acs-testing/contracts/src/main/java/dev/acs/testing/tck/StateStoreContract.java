package dev.acs.testing.tck;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The contract of the {@link StateStore} SPI, as JUnit 5 tests. Extend it in a store's test sources and supply a new,
 * empty store per test (for a shared server, a store under a fresh key prefix):
 *
 * <pre>{@code
 * class JdbcStateStoreContractTest extends StateStoreContract {
 *     protected StateStore newStore() { return JdbcStateStore.open(dataSource, "t_" + UUID.randomUUID()); }
 * }
 * }</pre>
 *
 * <p>It checks: versions start at 1 and grow by one per change, a delete resets them; a wrong expected version fails
 * with {@code CONCURRENT_MODIFICATION} (details {@code key}, {@code current}, {@code expected}) and writes nothing; a
 * batch is all-or-nothing and its later changes see its earlier ones; lists are by prefix in key order; values are
 * copied in and out; empty values and Unicode keys are kept; concurrent read-modify-write writers never lose an update;
 * a closed store refuses every call with {@code INVALID_STATE}.
 */
public abstract class StateStoreContract {
    /** The store under test, opened before each test by {@link #newStore()} and closed after it. */
    protected StateStore store;

    /** A new, empty store; called once per test. */
    protected abstract StateStore newStore();

    /** Opens the store under test. */
    @BeforeEach
    protected void openStore() {
        store = newStore();
    }

    /** Closes the store under test. */
    @AfterEach
    protected void closeStore() {
        store.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(StoredEntry e) {
        return new String(e.value(), StandardCharsets.UTF_8);
    }

    private static AcsException fails(ErrorCode code, Executable call) {
        AcsException e = assertThrows(AcsException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private static List<String> keys(List<StoredEntry> entries) {
        return entries.stream().map(StoredEntry::key).toList();
    }

    @Test
    void anAbsentKeyHasNoEntry() {
        assertEquals(Optional.empty(), store.get("nothing"));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void putCreatesVersionOneAndEachUpdateAddsOne() {
        assertEquals(1, store.put("a", StateStore.ABSENT, bytes("1")).version());
        assertEquals(2, store.put("a", 1, bytes("2")).version());
        assertEquals(3, store.put("a", StateStore.ANY_VERSION, bytes("3")).version());
        assertEquals(Optional.of(new StoredEntry("a", 3, bytes("3"))), store.get("a"));
    }

    @Test
    void aWrongExpectedVersionFailsAndWritesNothing() {
        store.put("a", StateStore.ABSENT, bytes("1"));
        AcsException e = fails(ErrorCode.CONCURRENT_MODIFICATION, () -> store.put("a", 7, bytes("x")));
        assertEquals("a", e.details().get("key"));
        assertEquals("1", e.details().get("current"));
        assertEquals("7", e.details().get("expected"));
        fails(ErrorCode.CONCURRENT_MODIFICATION, () -> store.put("a", StateStore.ABSENT, bytes("x")));
        fails(ErrorCode.CONCURRENT_MODIFICATION, () -> store.put("b", 1, bytes("x")));
        assertEquals(Optional.of(new StoredEntry("a", 1, bytes("1"))), store.get("a"));
        assertEquals(Optional.empty(), store.get("b"));
    }

    @Test
    void aBatchIsAllOrNothing() {
        store.put("a", StateStore.ABSENT, bytes("1"));
        List<StoreChange> batch = List.of(
                StoreChange.put("b", StateStore.ABSENT, bytes("new")),
                StoreChange.delete("a", 1),
                StoreChange.put("c", 5, bytes("stale")));
        AcsException e = fails(ErrorCode.CONCURRENT_MODIFICATION, () -> store.commit(batch));
        assertEquals("c", e.details().get("key"));
        assertEquals(List.of(new StoredEntry("a", 1, bytes("1"))), store.list(""));

        List<StoredEntry> written = store.commit(List.of(
                StoreChange.put("b", StateStore.ABSENT, bytes("new")),
                StoreChange.delete("a", 1),
                StoreChange.put("c", StateStore.ABSENT, bytes("fresh"))));
        assertEquals(List.of(new StoredEntry("b", 1, bytes("new")), new StoredEntry("a", 0, new byte[0]),
                new StoredEntry("c", 1, bytes("fresh"))), written);
        assertEquals(List.of("b", "c"), keys(store.list("")));
    }

    @Test
    void laterChangesOfABatchSeeTheEarlierOnes() {
        List<StoredEntry> written = store.commit(List.of(
                StoreChange.put("k", StateStore.ABSENT, bytes("1")),
                StoreChange.put("k", 1, bytes("2")),
                StoreChange.delete("k", 2),
                StoreChange.put("k", StateStore.ABSENT, bytes("3"))));
        assertEquals(List.of(1L, 2L, 0L, 1L), written.stream().map(StoredEntry::version).toList());
        assertEquals(Optional.of(new StoredEntry("k", 1, bytes("3"))), store.get("k"));
        AcsException e = fails(ErrorCode.CONCURRENT_MODIFICATION, () -> store.commit(List.of(
                StoreChange.put("k", 1, bytes("4")),
                StoreChange.put("k", 1, bytes("5")))));
        assertEquals("2", e.details().get("current"));
        assertEquals("1", e.details().get("expected"));
        assertEquals(Optional.of(new StoredEntry("k", 1, bytes("3"))), store.get("k"));
    }

    @Test
    void deleteRemovesTheKeyAndARecreatedKeyStartsAtVersionOne() {
        store.put("a", StateStore.ABSENT, bytes("1"));
        store.put("a", 1, bytes("2"));
        fails(ErrorCode.CONCURRENT_MODIFICATION, () -> store.delete("a", 1));
        store.delete("a", 2);
        assertEquals(Optional.empty(), store.get("a"));
        store.delete("a", StateStore.ANY_VERSION);
        assertEquals(1, store.put("a", StateStore.ABSENT, bytes("again")).version());
    }

    @Test
    void listReturnsThePrefixInKeyOrder() {
        store.commit(List.of(
                StoreChange.put("apps/web", StateStore.ABSENT, bytes("w")),
                StoreChange.put("apps/db", StateStore.ABSENT, bytes("d")),
                StoreChange.put("appsx", StateStore.ABSENT, bytes("x")),
                StoreChange.put("app", StateStore.ABSENT, bytes("a")),
                StoreChange.put("clusters/c1", StateStore.ABSENT, bytes("c"))));
        assertEquals(List.of("apps/db", "apps/web"), keys(store.list("apps/")));
        assertEquals(List.of("app", "apps/db", "apps/web", "appsx"), keys(store.list("app")));
        assertEquals(5, store.list("").size());
        assertEquals(List.of(), store.list("zzz"));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = bytes("original");
        StoredEntry written = store.put("k", StateStore.ABSENT, value);
        value[0] = 'X';
        written.value()[0] = 'Y';
        store.get("k").orElseThrow().value()[0] = 'Z';
        assertEquals("original", text(store.get("k").orElseThrow()));
    }

    @Test
    void emptyValuesAndUnicodeKeysAreKept() {
        store.put("ключ/键/🔑", StateStore.ABSENT, new byte[0]);
        assertEquals(Optional.of(new StoredEntry("ключ/键/🔑", 1, new byte[0])), store.get("ключ/键/🔑"));
        assertEquals(1, store.list("ключ/").size());
    }

    @Test
    void largeValuesAreKeptByteForByte() {
        byte[] value = new byte[256 * 1024];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31 + 7);
        }
        store.put("big", StateStore.ABSENT, value);
        assertArrayEquals(value, store.get("big").orElseThrow().value());
    }

    @Test
    void anEmptyBatchChangesNothing() {
        assertEquals(List.of(), store.commit(List.of()));
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void concurrentReadModifyWriteWritersNeverLoseAnUpdate() throws Exception {
        int writers = 4;
        int increments = 25;
        store.put("counter", StateStore.ABSENT, bytes("0"));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            StoredEntry current = store.get("counter").orElseThrow();
                            int next = Integer.parseInt(text(current)) + 1;
                            try {
                                store.commit(List.of(StoreChange.put("counter", current.version(), bytes("" + next)),
                                        StoreChange.put("log/" + next, StateStore.ABSENT, bytes("x"))));
                                break;
                            } catch (AcsException e) {
                                assertEquals(ErrorCode.CONCURRENT_MODIFICATION, e.code(), e.getMessage());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        StoredEntry counter = store.get("counter").orElseThrow();
        assertEquals("" + writers * increments, text(counter));
        assertEquals(writers * increments + 1, counter.version());
        assertEquals(writers * increments, store.list("log/").size(), "one log entry per acknowledged increment");
    }

    @Test
    void aClosedStoreRefusesEveryCall() {
        store.put("k", StateStore.ABSENT, bytes("v"));
        store.close();
        store.close();
        for (Executable call : List.<Executable>of(() -> store.get("k"), () -> store.list(""),
                () -> store.put("k", 1, bytes("w")), () -> store.commit(List.of()))) {
            fails(ErrorCode.INVALID_STATE, call);
        }
    }
}

package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link StateStore} contract, run against every implementation by a subclass. */
abstract class StateStoreContractTest {
    protected StateStore store;

    /** A new, empty store. */
    protected abstract StateStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(StoredEntry e) {
        return new String(e.value(), StandardCharsets.UTF_8);
    }

    @Test
    void anAbsentKeyHasNoEntry() {
        assertThat(store.get("nothing")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void putCreatesVersionOneAndEachUpdateAddsOne() {
        StoredEntry created = store.put("a", StateStore.ABSENT, bytes("1"));
        assertThat(created.version()).isEqualTo(1);
        StoredEntry updated = store.put("a", 1, bytes("2"));
        assertThat(updated.version()).isEqualTo(2);
        StoredEntry any = store.put("a", StateStore.ANY_VERSION, bytes("3"));
        assertThat(any.version()).isEqualTo(3);
        assertThat(store.get("a")).contains(new StoredEntry("a", 3, bytes("3")));
    }

    @Test
    void aWrongExpectedVersionFailsAndWritesNothing() {
        store.put("a", StateStore.ABSENT, bytes("1"));
        assertThatThrownBy(() -> store.put("a", 7, bytes("x")))
                .isInstanceOfSatisfying(AcsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
                    assertThat(e.details()).containsEntry("key", "a").containsEntry("current", "1");
                });
        assertThatThrownBy(() -> store.put("a", StateStore.ABSENT, bytes("x")))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        assertThatThrownBy(() -> store.put("b", 1, bytes("x")))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        assertThat(store.get("a")).contains(new StoredEntry("a", 1, bytes("1")));
        assertThat(store.get("b")).isEmpty();
    }

    @Test
    void aBatchIsAllOrNothing() {
        store.put("a", StateStore.ABSENT, bytes("1"));
        List<StoreChange> batch = List.of(
                StoreChange.put("b", StateStore.ABSENT, bytes("new")),
                StoreChange.delete("a", 1),
                StoreChange.put("c", 5, bytes("stale")));
        assertThatThrownBy(() -> store.commit(batch)).isInstanceOfSatisfying(AcsException.class,
                e -> assertThat(e.details()).containsEntry("key", "c"));
        assertThat(store.list("")).containsExactly(new StoredEntry("a", 1, bytes("1")));

        List<StoredEntry> written = store.commit(List.of(
                StoreChange.put("b", StateStore.ABSENT, bytes("new")),
                StoreChange.delete("a", 1),
                StoreChange.put("c", StateStore.ABSENT, bytes("fresh"))));
        assertThat(written).containsExactly(new StoredEntry("b", 1, bytes("new")),
                new StoredEntry("a", 0, new byte[0]), new StoredEntry("c", 1, bytes("fresh")));
        assertThat(store.list("")).extracting(StoredEntry::key).containsExactly("b", "c");
    }

    @Test
    void laterChangesOfABatchSeeTheEarlierOnes() {
        List<StoredEntry> written = store.commit(List.of(
                StoreChange.put("k", StateStore.ABSENT, bytes("1")),
                StoreChange.put("k", 1, bytes("2")),
                StoreChange.delete("k", 2),
                StoreChange.put("k", StateStore.ABSENT, bytes("3"))));
        assertThat(written).extracting(StoredEntry::version).containsExactly(1L, 2L, 0L, 1L);
        assertThat(store.get("k")).contains(new StoredEntry("k", 1, bytes("3")));
        assertThatThrownBy(() -> store.commit(List.of(
                StoreChange.put("k", 1, bytes("4")),
                StoreChange.put("k", 1, bytes("5")))))
                .isInstanceOfSatisfying(AcsException.class,
                        e -> assertThat(e.details()).containsEntry("current", "2").containsEntry("expected", "1"));
        assertThat(store.get("k")).contains(new StoredEntry("k", 1, bytes("3")));
    }

    @Test
    void deleteRemovesTheKeyAndARecreatedKeyStartsAtVersionOne() {
        store.put("a", StateStore.ABSENT, bytes("1"));
        store.put("a", 1, bytes("2"));
        assertThatThrownBy(() -> store.delete("a", 1)).isInstanceOf(AcsException.class);
        store.delete("a", 2);
        assertThat(store.get("a")).isEmpty();
        store.delete("a", StateStore.ANY_VERSION);
        assertThat(store.put("a", StateStore.ABSENT, bytes("again")).version()).isEqualTo(1);
    }

    @Test
    void listReturnsThePrefixInKeyOrder() {
        store.commit(List.of(
                StoreChange.put("apps/web", StateStore.ABSENT, bytes("w")),
                StoreChange.put("apps/db", StateStore.ABSENT, bytes("d")),
                StoreChange.put("appsx", StateStore.ABSENT, bytes("x")),
                StoreChange.put("app", StateStore.ABSENT, bytes("a")),
                StoreChange.put("clusters/c1", StateStore.ABSENT, bytes("c"))));
        assertThat(store.list("apps/")).extracting(StoredEntry::key).containsExactly("apps/db", "apps/web");
        assertThat(store.list("app")).extracting(StoredEntry::key)
                .containsExactly("app", "apps/db", "apps/web", "appsx");
        assertThat(store.list("")).hasSize(5);
        assertThat(store.list("zzz")).isEmpty();
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = bytes("original");
        StoredEntry written = store.put("k", StateStore.ABSENT, value);
        value[0] = 'X';
        written.value()[0] = 'Y';
        store.get("k").orElseThrow().value()[0] = 'Z';
        assertThat(text(store.get("k").orElseThrow())).isEqualTo("original");
    }

    @Test
    void emptyValuesAndUnicodeKeysAreKept() {
        store.put("ключ/键/🔑", StateStore.ABSENT, new byte[0]);
        assertThat(store.get("ключ/键/🔑")).contains(new StoredEntry("ключ/键/🔑", 1, new byte[0]));
        assertThat(store.list("ключ/")).hasSize(1);
    }

    @Test
    void anEmptyBatchChangesNothing() {
        assertThat(store.commit(List.of())).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aClosedStoreRefusesEveryCall() {
        store.put("k", StateStore.ABSENT, bytes("v"));
        store.close();
        store.close();
        for (Runnable call : List.<Runnable>of(() -> store.get("k"), () -> store.list(""),
                () -> store.put("k", 1, bytes("w")), () -> store.commit(List.of()))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        }
    }
}

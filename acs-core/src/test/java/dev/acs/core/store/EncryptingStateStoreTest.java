package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encryption at rest: what reaches the wrapped store, wrong keys, tampering, plain text and key rotation. */
class EncryptingStateStoreTest {
    private static final String SECRET = "MYSQL_PASSWORD=Hunter2-very-secret";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKey newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return EncryptingStateStore.aesKey(raw);
    }

    private static EncryptingStateStore encrypting(StateStore inner, int id, SecretKey key) {
        return EncryptingStateStore.builder(inner).key(id, key).build();
    }

    private static void assertMismatch(Runnable read, String... messageParts) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(AcsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ENCRYPTION_KEY_MISMATCH);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }

    @Test
    void filesHoldNoPlainTextAndValuesComeBackWithTheRightKey() throws IOException {
        Path dir = tmp.resolve("state");
        SecretKey key = newKey();
        try (EncryptingStateStore store = encrypting(FileStateStore.open(dir), 1, key)) {
            List<StoredEntry> written = store.commit(List.of(StoreChange.put("apps/a", StateStore.ABSENT,
                    bytes(SECRET)), StoreChange.put("apps/b", StateStore.ABSENT, bytes(SECRET))));
            assertThat(written).extracting(e -> new String(e.value(), StandardCharsets.UTF_8))
                    .containsExactly(SECRET, SECRET);
            assertThat(store.toString()).contains("keys [1]").doesNotContain(key.toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("Hunter2");
            }
        }
        try (FileStateStore raw = FileStateStore.open(dir)) {
            byte[] a = raw.get("apps/a").orElseThrow().value();
            byte[] b = raw.get("apps/b").orElseThrow().value();
            assertThat(a).as("a fresh nonce per value").isNotEqualTo(b).hasSize(SECRET.length() + ValueCipher.OVERHEAD);
        }
        try (EncryptingStateStore store = encrypting(FileStateStore.open(dir), 1, key)) {
            assertThat(store.list("apps/")).extracting(e -> new String(e.value(), StandardCharsets.UTF_8))
                    .containsExactly(SECRET, SECRET);
            assertThat(store.get("apps/a").orElseThrow().version()).isEqualTo(1);
        }
    }

    @Test
    void aWrongKeyAnUnknownKeyIdOrATamperedValueIsAClearErrorNeverGarbage() {
        InMemoryStateStore inner = new InMemoryStateStore();
        encrypting(inner, 1, newKey()).put("k", StateStore.ABSENT, bytes(SECRET));

        assertMismatch(() -> encrypting(inner, 1, newKey()).get("k"), "'k'", "key id 1", "not the one");
        assertMismatch(() -> encrypting(inner, 2, newKey()).list(""), "key id 1", "not supplied");

        EncryptingStateStore store = encrypting(inner, 1, newKey());
        store.put("k", 1, bytes(SECRET));
        byte[] stored = inner.get("k").orElseThrow().value();
        stored[stored.length - 20] ^= 1;
        inner.put("k", 2, stored);
        assertMismatch(() -> store.get("k"), "changed");

        // a valid ciphertext moved under another name does not decrypt either
        store.put("other", StateStore.ABSENT, bytes(SECRET));
        inner.put("k", 3, inner.get("other").orElseThrow().value());
        assertMismatch(() -> store.get("k"), "'k'");
        assertThat(store.get("other").orElseThrow().value()).isEqualTo(bytes(SECRET));
    }

    @Test
    void plainValuesAreRefusedUnlessAcceptedAndThenReencrypted() {
        InMemoryStateStore inner = new InMemoryStateStore();
        inner.put("old", StateStore.ABSENT, bytes(SECRET));
        SecretKey key = newKey();
        assertMismatch(() -> encrypting(inner, 1, key).get("old"), "not encrypted", "acceptPlaintext");

        EncryptingStateStore store = EncryptingStateStore.builder(inner).key(1, key).acceptPlaintext(true).build();
        assertThat(store.get("old").orElseThrow().value()).isEqualTo(bytes(SECRET));
        assertThat(store.reencrypt()).isEqualTo(1);
        assertThat(store.reencrypt()).isZero();
        assertThat(inner.get("old").orElseThrow().value()).isNotEqualTo(bytes(SECRET));
        assertThat(encrypting(inner, 1, key).get("old").orElseThrow().value()).isEqualTo(bytes(SECRET));
    }

    @Test
    void keysRotate() {
        InMemoryStateStore inner = new InMemoryStateStore();
        SecretKey oldKey = newKey();
        SecretKey newKey = newKey();
        EncryptingStateStore before = encrypting(inner, 1, oldKey);
        before.put("a", StateStore.ABSENT, bytes("1"));
        before.put("b", StateStore.ABSENT, bytes("2"));

        EncryptingStateStore both = EncryptingStateStore.builder(inner).key(1, oldKey).key(2, newKey).build();
        assertThat(both.writeKeyId()).isEqualTo(2);
        both.put("c", StateStore.ABSENT, bytes("3"));
        assertThat(both.list("")).extracting(e -> new String(e.value(), StandardCharsets.UTF_8))
                .containsExactly("1", "2", "3");
        assertThat(both.reencrypt()).isEqualTo(2);

        EncryptingStateStore after = encrypting(inner, 2, newKey);
        assertThat(after.list("")).extracting(e -> new String(e.value(), StandardCharsets.UTF_8))
                .containsExactly("1", "2", "3");
        assertThat(EncryptingStateStore.builder(inner).key(1, oldKey).key(2, newKey).writeKey(1).build()
                .writeKeyId()).isEqualTo(1);
    }

    @Test
    void badKeysAndOptionsAreRefused() {
        InMemoryStateStore inner = new InMemoryStateStore();
        for (Runnable bad : List.<Runnable>of(
                () -> EncryptingStateStore.aesKey(new byte[15]),
                () -> EncryptingStateStore.builder(inner).build(),
                () -> EncryptingStateStore.builder(inner).key(0, newKey()),
                () -> EncryptingStateStore.builder(inner).key(256, newKey()),
                () -> EncryptingStateStore.builder(inner).key(1, newKey()).key(1, newKey()),
                () -> EncryptingStateStore.builder(inner).key(1, new SecretKeySpec(new byte[16], "HmacSHA256")),
                () -> EncryptingStateStore.builder(inner).key(1, newKey()).writeKey(2).build())) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(AcsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }
}

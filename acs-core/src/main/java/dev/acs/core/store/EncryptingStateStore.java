package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.spi.StateStore;
import dev.acs.core.spi.StoreChange;
import dev.acs.core.spi.StoredEntry;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateStore} that encrypts every value before it reaches another store (a {@link FileStateStore}, an etcd
 * store) and decrypts it on the way back, with AES-GCM from the JDK: the state at rest (environment values,
 * passwords, access keys in the engine's records) is unreadable without the host's key. Keys (the names) are not
 * encrypted: stores list them by prefix.
 *
 * <h2>How a host supplies the key</h2>
 * The host owns the key; the SDK never writes it anywhere. Keep it outside the state directory (a secrets manager, a
 * KMS-decrypted file, an environment variable set by the service manager) and pass it when opening the store:
 * <pre>{@code
 * byte[] raw = Base64.getDecoder().decode(System.getenv("ACS_STATE_KEY"));   // 16, 24 or 32 random bytes
 * StateStore store = EncryptingStateStore.builder(FileStateStore.open(dir))
 *         .key(1, EncryptingStateStore.aesKey(raw))
 *         .build();
 * }</pre>
 * A new key is 32 bytes from {@code SecureRandom} (or {@code KeyGenerator.getInstance("AES")}).
 *
 * <h2>Rotation</h2>
 * Every key has an id (1-255) stored with each value, so keys can rotate: supply the old keys as well and choose
 * the new one for writing with {@link Builder#writeKey(int)} (by default the key added last). Values are
 * re-encrypted with the write key when they are next written, or all at once by {@link #reencrypt()}; once it
 * returns, the old keys may be dropped. Each value gets a fresh random 96-bit nonce, so a key should be rotated
 * before it has encrypted about four billion values.
 *
 * <h2>Failures</h2>
 * A value that does not decrypt (a wrong key under its id, a value changed on disk or moved to another key) fails
 * the read with {@code ENCRYPTION_KEY_MISMATCH}, as does a value written with a key id that was not supplied; a
 * read never returns garbage. A value that is not encrypted at all fails the same way, unless
 * {@link Builder#acceptPlaintext(boolean)} allows it (to take over a store written without encryption; then run
 * {@link #reencrypt()}).
 *
 * <p>Without a key, {@link FileStateStore} still creates its directory and files readable by their owner only.
 */
public final class EncryptingStateStore implements StateStore {
    private final StateStore delegate;
    private final Map<Integer, SecretKey> keys;
    private final int writeKey;
    private final boolean acceptPlaintext;

    private EncryptingStateStore(Builder b) {
        this.delegate = b.delegate;
        this.keys = Map.copyOf(b.keys);
        this.writeKey = b.writeKey;
        this.acceptPlaintext = b.acceptPlaintext;
    }

    /** A builder of an encrypting store around {@code delegate}, which it closes when it is closed. */
    public static Builder builder(StateStore delegate) {
        return new Builder(delegate);
    }

    /**
     * An AES key from its raw bytes.
     *
     * @throws AcsException {@code INVALID_ARGUMENT} unless there are 16, 24 or 32 bytes
     */
    public static SecretKey aesKey(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw AcsException.invalidArgument("an AES key has 16, 24 or 32 bytes, not " + raw.length
                    + ": generate 32 random bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** Options of an {@link EncryptingStateStore}; {@link #build()} makes it. */
    public static final class Builder {
        private final StateStore delegate;
        private final Map<Integer, SecretKey> keys = new LinkedHashMap<>();
        private int writeKey = -1;
        private boolean acceptPlaintext;

        private Builder(StateStore delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /**
         * Adds a key that decrypts the values written with {@code id}; the key added last writes unless
         * {@link #writeKey(int)} says otherwise.
         *
         * @throws AcsException {@code INVALID_ARGUMENT} for an id outside 1-255, an id given twice or a key that
         *                      is not AES
         */
        public Builder key(int id, SecretKey key) {
            Objects.requireNonNull(key, "key");
            if (id < 1 || id > 255) {
                throw AcsException.invalidArgument("a key id is 1-255, not " + id);
            }
            if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
                throw AcsException.invalidArgument("key " + id + " is a " + key.getAlgorithm() + " key: supply an"
                        + " AES key (EncryptingStateStore.aesKey)");
            }
            if (keys.putIfAbsent(id, key) != null) {
                throw AcsException.invalidArgument("key id " + id + " is given twice: every key needs its own id");
            }
            return this;
        }

        /** Which key (by id) encrypts the values written from now on. */
        public Builder writeKey(int id) {
            this.writeKey = id;
            return this;
        }

        /**
         * Whether values that are not encrypted are read as they are (default {@code false}: they fail with
         * {@code ENCRYPTION_KEY_MISMATCH}). For taking over a store written without encryption.
         */
        public Builder acceptPlaintext(boolean accept) {
            this.acceptPlaintext = accept;
            return this;
        }

        /**
         * The store.
         *
         * @throws AcsException {@code INVALID_ARGUMENT} when no key is given or the write key was not added
         */
        public EncryptingStateStore build() {
            if (keys.isEmpty()) {
                throw AcsException.invalidArgument("an encrypting store needs at least one key");
            }
            if (writeKey == -1) {
                writeKey = new ArrayList<>(keys.keySet()).get(keys.size() - 1);
            }
            if (!keys.containsKey(writeKey)) {
                throw AcsException.invalidArgument("the write key id " + writeKey + " was not added with key(id,"
                        + " key); added: " + keys.keySet());
            }
            return new EncryptingStateStore(this);
        }
    }

    /** The id of the key that encrypts new values. */
    public int writeKeyId() {
        return writeKey;
    }

    @Override
    public Optional<StoredEntry> get(String key) {
        return delegate.get(key).map(this::decrypted);
    }

    @Override
    public List<StoredEntry> list(String prefix) {
        return delegate.list(prefix).stream().map(this::decrypted).toList();
    }

    /** Encrypts the values of the puts with the write key; returns the entries with their plain values. */
    @Override
    public List<StoredEntry> commit(List<StoreChange> changes) {
        SecretKey key = keys.get(writeKey);
        List<StoreChange> encrypted = new ArrayList<>(changes.size());
        for (StoreChange c : changes) {
            encrypted.add(c.isDelete() ? c
                    : StoreChange.put(c.key(), c.expectedVersion(), ValueCipher.encrypt(c.key(), writeKey, key,
                    c.value())));
        }
        List<StoredEntry> written = delegate.commit(encrypted);
        List<StoredEntry> plain = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            StoredEntry e = written.get(i);
            StoreChange c = changes.get(i);
            plain.add(c.isDelete() ? e : new StoredEntry(e.key(), e.version(), c.value()));
        }
        return plain;
    }

    /**
     * Rewrites, encrypted with the write key, every value written with another key (or, with
     * {@link Builder#acceptPlaintext(boolean)}, not encrypted): after a rotation, so the old keys can go. A value
     * changed concurrently is skipped (its new value already uses the write key).
     *
     * @return how many values were rewritten
     */
    public int reencrypt() {
        int rewritten = 0;
        for (StoredEntry stored : delegate.list("")) {
            byte[] raw = stored.value();
            if (ValueCipher.isEncrypted(raw) && ValueCipher.keyId(raw) == writeKey) {
                continue;
            }
            StoredEntry plain = decrypted(stored);
            try {
                put(plain.key(), plain.version(), plain.value());
                rewritten++;
            } catch (AcsException e) {
                if (e.code() != ErrorCode.CONCURRENT_MODIFICATION) {
                    throw e;
                }
            }
        }
        return rewritten;
    }

    /** Closes the store it wraps. */
    @Override
    public void close() {
        delegate.close();
    }

    /** Names the store it wraps and the key ids; never a key. */
    @Override
    public String toString() {
        return "EncryptingStateStore[" + delegate + ", keys " + keys.keySet() + ", writing with " + writeKey + "]";
    }

    private StoredEntry decrypted(StoredEntry stored) {
        byte[] raw = stored.value();
        if (!ValueCipher.isEncrypted(raw)) {
            if (acceptPlaintext) {
                return stored;
            }
            throw new AcsException(ErrorCode.ENCRYPTION_KEY_MISMATCH, "the value of '" + stored.key() + "' is not"
                    + " encrypted: the store was written without a key (allow that with acceptPlaintext(true), then"
                    + " reencrypt())", Map.of("key", stored.key()), null);
        }
        int id = ValueCipher.keyId(raw);
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new AcsException(ErrorCode.ENCRYPTION_KEY_MISMATCH, "the value of '" + stored.key() + "' was"
                    + " written with key id " + id + ", which was not supplied (supplied: " + keys.keySet() + ")",
                    Map.of("key", stored.key(), "keyId", Integer.toString(id)), null);
        }
        return new StoredEntry(stored.key(), stored.version(), ValueCipher.decrypt(stored.key(), key, raw));
    }
}

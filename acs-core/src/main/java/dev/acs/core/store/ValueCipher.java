package dev.acs.core.store;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;

/**
 * AES-GCM encryption of stored values, as {@link EncryptingStateStore} lays them out:
 * <pre>
 *   "ACSE" (4 bytes) | format version 1 (byte) | key id (byte) | nonce (12 random bytes) | ciphertext | tag (16)
 * </pre>
 * The authenticated data is the store key (UTF-8) followed by the first six bytes, so a value moved to another key,
 * or its key id changed, fails to decrypt like a wrong key does.
 */
final class ValueCipher {
    /** The bytes every encrypted value starts with. */
    private static final byte[] MAGIC = {'A', 'C', 'S', 'E'};
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    /** Magic, version, key id. */
    private static final int PREFIX = MAGIC.length + 2;
    /** Bytes an encrypted value has beyond its plain text. */
    static final int OVERHEAD = PREFIX + NONCE + TAG_BITS / 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ValueCipher() {
    }

    /** Whether {@code value} has the layout of an encrypted value (it may still fail to decrypt). */
    static boolean isEncrypted(byte[] value) {
        if (value.length < OVERHEAD) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (value[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The key id an encrypted value was written with. */
    static int keyId(byte[] value) {
        return value[MAGIC.length + 1] & 0xFF;
    }

    /** {@code plain} encrypted under {@code key} (whose id is {@code keyId}) for the store key {@code name}. */
    static byte[] encrypt(String name, int keyId, SecretKey key, byte[] plain) {
        byte[] out = new byte[OVERHEAD + plain.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[MAGIC.length] = VERSION;
        out[MAGIC.length + 1] = (byte) keyId;
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, PREFIX, NONCE);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(name, out));
            cipher.doFinal(plain, 0, plain.length, out, PREFIX + NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new AcsException(ErrorCode.INVALID_ARGUMENT, "encrypting the value of '" + name + "' with key id "
                    + keyId + " failed (" + e.getMessage() + "): supply a 128, 192 or 256-bit AES key", e);
        }
    }

    /**
     * The plain text of an encrypted value of store key {@code name}.
     *
     * @throws AcsException {@code ENCRYPTION_KEY_MISMATCH} when {@code key} does not decrypt it (a wrong key, or a
     *                      value changed after it was written), {@code STATE_CORRUPTED} for an unknown format version
     */
    static byte[] decrypt(String name, SecretKey key, byte[] value) {
        int keyId = keyId(value);
        if (value[MAGIC.length] != VERSION) {
            throw new AcsException(ErrorCode.STATE_CORRUPTED, "the encrypted value of '" + name + "' has format"
                    + " version " + value[MAGIC.length] + " but this SDK reads version " + VERSION,
                    Map.of("key", name), null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, value, PREFIX, NONCE));
            cipher.updateAAD(associatedData(name, value));
            return cipher.doFinal(value, PREFIX + NONCE, value.length - PREFIX - NONCE);
        } catch (AEADBadTagException e) {
            throw new AcsException(ErrorCode.ENCRYPTION_KEY_MISMATCH, "the value of '" + name + "' does not decrypt"
                    + " with key id " + keyId + ": the key supplied under that id is not the one it was written"
                    + " with, or the stored value was changed", Map.of("key", name, "keyId",
                    Integer.toString(keyId)), e);
        } catch (GeneralSecurityException e) {
            throw new AcsException(ErrorCode.ENCRYPTION_KEY_MISMATCH, "the value of '" + name + "' cannot be"
                    + " decrypted with key id " + keyId + " (" + e.getMessage() + ")", Map.of("key", name, "keyId",
                    Integer.toString(keyId)), e);
        }
    }

    private static byte[] associatedData(String name, byte[] value) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(key.length + PREFIX).put(key).put(value, 0, PREFIX).array();
    }
}

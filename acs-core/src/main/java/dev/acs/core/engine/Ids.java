package dev.acs.core.engine;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random ids of the engine's entities and operations ({@code c...}, {@code n...}, {@code a...}, {@code op-...}). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code prefix} followed by {@code hexChars} random hex digits. */
    static String newId(String prefix, int hexChars) {
        byte[] bytes = new byte[(hexChars + 1) / 2];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes).substring(0, hexChars);
    }
}

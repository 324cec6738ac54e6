package dev.acs.cloud.sim;

import dev.acs.core.error.AcsException;
import dev.acs.core.error.ErrorCode;
import dev.acs.core.model.ImageRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The simulated cloud's image registries: how many times each image name was pushed, and the image id a pull gets
 * now ({@code sha256:} over the name and its push count). Not thread-safe: {@link SimCloud} calls it under its lock.
 */
final class SimRegistry {
    private final Map<String, Integer> pushes = new HashMap<>();

    /** A new build pushed under {@code image}'s name. */
    void push(ImageRef image) {
        pushes.merge(image.toString(), 1, Integer::sum);
    }

    /** The id a pull of {@code image} gets now. */
    String imageId(ImageRef image) {
        return "sha256:" + sha256Hex(image + "#" + pushes.getOrDefault(image.toString(), 0));
    }

    /** SHA-256 of a text's UTF-8 bytes, in hex. */
    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AcsException(ErrorCode.INTERNAL, "SHA-256 is missing from this Java runtime", e);
        }
    }
}

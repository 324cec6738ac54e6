package dev.acs.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The hostile inputs of the hardening tests: small ones are files under {@code hostile/} on the test class path,
 * large ones are generated here from a few lines each.
 */
final class Hostile {
    private Hostile() {
    }

    /** The bytes of {@code hostile/NAME}. */
    static byte[] bytes(String name) {
        try (InputStream in = Hostile.class.getResourceAsStream("/hostile/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource hostile/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UTF-8 text of {@code hostile/NAME}. */
    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** About 960 KB of {@code "1-65535"} port ranges in one service: 65,535 mappings per line if uncapped. */
    static String portRanges() {
        StringBuilder b = new StringBuilder("web:\n  image: nginx\n  ports:\n");
        while (b.length() < 960_000) {
            b.append("    - \"1-65535\"\n");
        }
        return b.toString();
    }

    /** A 100-service extends chain where every service adds a full port range to what it inherits (4.7 KB). */
    static String extendsChainOfRanges(int services) {
        StringBuilder b = new StringBuilder("s0:\n  image: nginx\n  ports: [\"1-65535\"]\n");
        for (int i = 1; i < services; i++) {
            b.append('s').append(i).append(":\n  extends: s").append(i - 1).append("\n  ports: [\"1-65535\"]\n");
        }
        return b.toString();
    }

    /** {@code count} references to one variable in a single command. */
    static String substitutionBomb(int count) {
        StringBuilder b = new StringBuilder("web:\n  image: nginx\n  command: \"");
        for (int i = 0; i < count; i++) {
            b.append("$V");
            b.append(' ');
        }
        return b.append("\"\n").toString();
    }

    /** An extends chain {@code s0 -> s1 -> ... -> s(depth)}, declared from the deepest service down. */
    static String extendsChain(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append('s').append(i).append(": {extends: s").append(i + 1).append("}\n");
        }
        return b.append('s').append(depth).append(": {image: nginx}\n").toString();
    }

    /** An extends cycle {@code c0 -> c1 -> ... -> c(length-1) -> c0}. */
    static String extendsCycle(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append('c').append(i).append(": {image: nginx, extends: c").append((i + 1) % length).append("}\n");
        }
        return b.toString();
    }

    /** A service with {@code count} unknown keys, each one a diagnostic. */
    static String manyUnknownKeys(int count) {
        StringBuilder b = new StringBuilder("web:\n  image: nginx\n");
        for (int i = 0; i < count; i++) {
            b.append("  unknown_key_").append(i).append(": x\n");
        }
        return b.toString();
    }

    /** A chain of {@code length} services, each depending on the next through {@code aliyun.depends}. */
    static String dependsChain(int length, boolean closed) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append('s').append(i).append(": {image: a, labels: {aliyun.depends: s").append(i + 1).append("}}\n");
        }
        return b.append('s').append(length).append(closed ? ": {image: a, labels: {aliyun.depends: s0}}\n"
                : ": {image: a}\n").toString();
    }
}

package dev.acs.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the SDK on the class path, as the build stamped it (the one version of every acs-* module and of
 * the BOM). Useful to hosts that log what they embed, and to the {@code acs} command's {@code --version}.
 */
public final class AcsVersion {
    private static final String VERSION = read();

    private AcsVersion() {
    }

    /** The SDK version, e.g. {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}. */
    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = AcsVersion.class.getResourceAsStream("acs-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("acs-version.properties is missing from the acs-core jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read acs-version.properties", e);
        }
    }
}

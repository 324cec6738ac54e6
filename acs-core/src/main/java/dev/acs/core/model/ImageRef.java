package dev.acs.core.model;

import dev.acs.core.error.AcsException;

import java.util.regex.Pattern;

/**
 * A Docker image reference: {@code [registry/]repository[:tag][@digest]}. An image is identified by its repository
 * plus a tag, and the tag defaults to {@code latest} ({@code spec/lifecycle.md} §0).
 *
 * @param registry   registry host (with port), or {@code null} for the default registry
 * @param repository repository path, e.g. {@code acs-sample/wordpress} or {@code redis}
 * @param tag        tag, {@code latest} when none is written
 * @param digest     content digest such as {@code sha256:...}, or {@code null}
 */
public record ImageRef(String registry, String repository, String tag, String digest) {
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

    /** Validates every part. */
    public ImageRef {
        if (repository == null || !REPOSITORY.matcher(repository).matches()) {
            throw AcsException.invalidArgument("'" + repository + "' is not a valid image repository: use lowercase "
                    + "letters, digits and the separators . _ - /");
        }
        if (tag == null) {
            tag = "latest";
        } else if (!TAG.matcher(tag).matches()) {
            throw AcsException.invalidArgument("'" + tag + "' is not a valid image tag: use up to 128 letters, digits, _ . -");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw AcsException.invalidArgument("'" + digest + "' is not a valid image digest such as sha256:<hex>");
        }
    }

    /**
     * Parses a reference such as {@code registry.aliyuncs.com/acs-sample/wordpress:4.5}, {@code redis},
     * {@code localhost:5000/app:1@sha256:...}.
     */
    public static ImageRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw AcsException.invalidArgument("image is missing: write e.g. nginx:1.25 or registry.example.com/team/app:2");
        }
        String rest = text.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = null;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageRef(registry, rest, tag, digest);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (registry != null) {
            b.append(registry).append('/');
        }
        b.append(repository).append(':').append(tag);
        if (digest != null) {
            b.append('@').append(digest);
        }
        return b.toString();
    }
}

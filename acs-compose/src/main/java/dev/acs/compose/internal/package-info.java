/**
 * Implementation of the template dialect: the safe YAML loader and its located node tree, interpolation, the
 * readers of Compose keys, {@code aliyun.*} labels and scheduler directives, the cross-service checks and the
 * writer. Not part of the public API: use {@link dev.acs.compose.Templates}.
 */
package dev.acs.compose.internal;

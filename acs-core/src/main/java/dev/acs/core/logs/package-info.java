/**
 * Container logs ({@code spec/lifecycle.md} §15): {@link dev.acs.core.logs.Logs} reads the logs of an application, a
 * service or a container (the last lines, a time window, a container-name filter), follows them as they are written,
 * and downloads them all; every line carries its container's name and its timestamp.
 */
package dev.acs.core.logs;

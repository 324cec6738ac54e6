/**
 * The routing layer on a real HAProxy: {@link dev.acs.cloud.haproxy.HaproxyRouter} implements
 * {@link dev.acs.core.spi.Router}; plug it in with {@code ControlPlane.builder().router(...)}.
 */
package dev.acs.cloud.haproxy;

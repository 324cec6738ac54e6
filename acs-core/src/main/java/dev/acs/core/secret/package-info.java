/**
 * Secret values: which values the SDK treats as secrets ({@link dev.acs.core.secret.SecretPolicy}: environment
 * entries named like secrets, configuration-set items and values the host marks) and the process-wide masking
 * every {@code toString()}, event, log line, diagnostic and exception message goes through
 * ({@link dev.acs.core.secret.Secrets}).
 */
package dev.acs.core.secret;

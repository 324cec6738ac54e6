/** The SDK's single exception type, {@link dev.acs.core.error.AcsException}, and its stable {@link dev.acs.core.error.ErrorCode}s. */
package dev.acs.core.error;

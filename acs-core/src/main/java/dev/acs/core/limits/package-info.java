/** The product's documented quotas and naming rules as overridable defaults: {@link dev.acs.core.limits.Limits}. */
package dev.acs.core.limits;

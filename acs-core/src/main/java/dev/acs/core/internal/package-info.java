/**
 * Helpers shared by acs-core's packages. Not API: nothing here is kept compatible, and hosts must not use it.
 */
package dev.acs.core.internal;

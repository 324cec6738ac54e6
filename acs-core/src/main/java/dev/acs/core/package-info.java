/** The SDK as a whole: its {@link dev.acs.core.AcsVersion version}. */
package dev.acs.core;

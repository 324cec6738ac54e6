/**
 * Who may do what ({@code spec/lifecycle.md} §23): the {@code cs:} action catalogue of the public API
 * ({@link dev.acs.core.access.CsAction}), per-cluster grants ({@link dev.acs.core.access.AccessLevel}), RAM-style JSON
 * policies ({@link dev.acs.core.access.Policy}) and {@link dev.acs.core.access.AccessControl}, an
 * {@link dev.acs.core.spi.Authorizer} that evaluates them. A control plane checks every call of the view returned by
 * {@code ControlPlane.as(principal)} against its authorizer.
 */
package dev.acs.core.access;

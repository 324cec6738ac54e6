/**
 * Auto-scaling ({@code spec/lifecycle.md} §17): the {@link dev.acs.core.scaling.ScalingController} fills the
 * {@link dev.acs.core.spi.ControllerSlot#SCALING} slot and, from the closed periods of
 * {@link dev.acs.core.metrics.Metrics}, scales services by their {@link dev.acs.core.scaling.AutoScalingPolicy}
 * ({@code aliyun.auto_scaling.*} labels or set through the API) and clusters by their
 * {@link dev.acs.core.scaling.NodeScalingPolicy}: only after three consecutive periods beyond a bound, within the
 * minimum and maximum, every decision explained in the events.
 */
package dev.acs.core.scaling;

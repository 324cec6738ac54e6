package dev.acs.core.spi;

import dev.acs.core.model.Resources;

/**
 * A machine size a provider offers, e.g. {@code ecs.n4.large} with 2 cores and 4 GiB.
 *
 * @param name     the provider's name of the type
 * @param capacity its CPU, memory and GPUs
 */
public record InstanceType(String name, Resources capacity) {
}

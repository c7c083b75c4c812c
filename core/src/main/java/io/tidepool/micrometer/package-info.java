/**
 * Micrometer support: {@link io.tidepool.micrometer.TidepoolMetrics}, a {@code MeterBinder} that
 * publishes a pool's figures to a {@code MeterRegistry}, and
 * {@link io.tidepool.micrometer.ContextSnapshots}, which carries the contexts registered with
 * Micrometer's context-propagation library into a pool's work.
 *
 * <p>Micrometer ({@code io.micrometer:micrometer-core}) is an optional dependency of tidepool:
 * the application that binds these meters brings it. Only this package refers to Micrometer, so
 * a pool that is never bound loads none of its classes and runs without it on the class or
 * module path ({@code module io.tidepool} {@code requires static micrometer.core}). The same
 * holds for the context-propagation library ({@code io.micrometer:context-propagation},
 * {@code requires static context.propagation}), which only {@code ContextSnapshots} uses.
 */
package io.tidepool.micrometer;

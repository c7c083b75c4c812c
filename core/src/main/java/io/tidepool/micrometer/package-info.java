/**
 * Micrometer support: {@link io.tidepool.micrometer.TidepoolMetrics}, a {@code MeterBinder} that
 * publishes a pool's figures to a {@code MeterRegistry}.
 *
 * <p>Micrometer ({@code io.micrometer:micrometer-core}) is an optional dependency of tidepool:
 * the application that binds these meters brings it. Only this package refers to Micrometer, so
 * a pool that is never bound loads none of its classes and runs without it on the class or
 * module path ({@code module io.tidepool} {@code requires static micrometer.core}).
 */
package io.tidepool.micrometer;

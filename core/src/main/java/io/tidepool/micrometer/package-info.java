/*
 * Copyright 2026 the tidepool authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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

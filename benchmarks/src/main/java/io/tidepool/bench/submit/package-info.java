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
 * The cost of the submission options of issue 16 on the remote-submit shapes, each against the
 * option switched off in the same run: {@link io.tidepool.bench.submit.BoundCost}
 * ({@code maxQueued}) and {@link io.tidepool.bench.submit.DecoratorCost} ({@code taskDecorator}
 * and {@code contextPropagator}). The bound also where it is paid, without a pool
 * ({@link io.tidepool.bench.submit.BoundOfferCost}), and with both pools in one JVM in
 * alternating windows, with an A/A control ({@link io.tidepool.bench.submit.BoundCostInterleaved}).
 */
package io.tidepool.bench.submit;

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
 * Benchmarks of blocking sections (issue 5): tokio-threadpool's {@code blocking.rs}
 * {@code cpu_bound} ({@link io.tidepool.bench.blocking.CpuBound}) and the latency of short tasks
 * while other tasks block ({@link io.tidepool.bench.blocking.BlockingLatency}).
 *
 * <p>The executor is a JMH parameter: {@code tidepool} marks a section with
 * {@link io.tidepool.blocking.Blocking}, {@code forkjoin} with
 * {@link java.util.concurrent.ForkJoinPool#managedBlock}, and {@code threadpool}, which has no
 * notion of a blocking section, runs the body inline ({@link io.tidepool.bench.blocking.Section}).
 */
package io.tidepool.bench.blocking;

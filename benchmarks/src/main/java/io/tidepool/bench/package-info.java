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
 * JMH benchmarks of tidepool.
 *
 * <ul>
 *   <li>{@link io.tidepool.bench.scheduler}: ports of tokio's scheduler benchmarks, each run
 *       against tidepool and the JDK executors (the executor is a {@code @Param});
 *   <li>{@link io.tidepool.bench.queue}: the micro-benchmark that chose the worker inbox queue;
 *   <li>{@link io.tidepool.bench.report}: the runner that executes a comparison through the JMH
 *       API and writes its report and chart under {@code target/benchmarks/} (with
 *       {@code --publish}: {@code docs/benchmarks.md}, one section per JDK);
 *   <li>{@link io.tidepool.bench.examples}: small programs that use the pool as an application
 *       does (not benchmarks).
 * </ul>
 */
package io.tidepool.bench;

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
 * Timer benchmarks (issue 17): tidepool's {@link java.util.concurrent.ScheduledExecutorService}
 * against {@link java.util.concurrent.ScheduledThreadPoolExecutor}, JDK 25's
 * {@link java.util.concurrent.ForkJoinPool} scheduling and Netty's {@code HashedWheelTimer}.
 *
 * <p>{@link io.tidepool.bench.timer.TimerChurn} (schedule a 1-10 s timeout and cancel it) and
 * {@link io.tidepool.bench.timer.PeriodicRearm} (the allocation of one periodic re-arm) are JMH
 * benchmarks; {@link io.tidepool.bench.timer.TimerPrecision} (lateness of 10,000 timers/s) and
 * {@link io.tidepool.bench.timer.TimerIdleCost} (CPU of 100,000 armed, idle timers) are
 * standalone programs that print a table, because neither is a throughput shape. Every peer is
 * reached through {@link io.tidepool.bench.timer.Timers}, made by a
 * {@link io.tidepool.bench.timer.TimerKind}.
 */
package io.tidepool.bench.timer;

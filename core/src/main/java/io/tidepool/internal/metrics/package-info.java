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
 * Observability: per-worker counters and timings, the snapshot they are read into, JFR events and
 * the JMX registration.
 *
 * <h2>What is counted, where</h2>
 * <pre>
 *   figure              written by        where                          cost per event
 *   polls               owner             TaskRunner.run, after the task   an owner-only int increment;
 *                                         (published per batch)          one add per batch
 *   local schedules     owner             Pool.pushLocal (a spawn)       plain load + opaque store
 *   remote schedules    consuming worker  WorkerLoop.takeInbox, per batch  one add per batch
 *   steals, steal ops   thief             WorkerLoop.search/stealDeque   one add per steal
 *   parks               owner             WorkerLoop.park                one add per park
 *   busy, mean poll     owner             per batch (WorkerStats): the   nanoTime per batch
 *                                         loops flush every 61 turns
 *   poll histogram,     owner             after every task, only when    1 x nanoTime per task
 *   long polls                            enabled by the builder
 *   schedule latency    owner             TaskRunner.run, before the task, submitter: nanoTime (and a
 *                                         only when enabled              TimestampedTask for a
 *                                                                        Runnable); worker: the
 *                                                                        per-poll clock
 * </pre>
 * Every counter lives in its worker's {@link io.tidepool.internal.metrics.WorkerStats} and has
 * exactly one writer, the thread holding that worker's core, so no counter needs an atomic
 * read-modify-write (memory modes: the {@code po}/{@code lo} accessors, see
 * the {@code io.tidepool.internal} package documentation).
 *
 * <h2>Remote schedules are counted by the consumer</h2>
 * An outside submission runs on a thread that is not a worker; counting it there would need a
 * shared counter (an atomic, or a striped {@code LongAdder} whose cell choice and occasional CAS
 * contention sit on the submission path). Every task in an inbox leaves it through a worker's
 * batch take (or through {@code shutdownNow}'s sweep, which hands it back unstarted), so the
 * worker that takes a batch adds its size to its own counter instead: no cost at all on the
 * submitting thread, one add per batch of up to 64 on the worker. The sum over workers counts
 * the remote submissions (and wakes of async tasks from outside threads) that reached a worker;
 * those still waiting are the inbox depths, which a snapshot reports next to it. After
 * quiescence the count is exact.
 *
 * <h2>What is not counted</h2>
 * tokio's {@code worker_overflow_count} has no counterpart: a tokio worker's local queue holds
 * 256 tasks and spills half into the shared inject queue when full; a tidepool worker's Chase-Lev
 * deque grows instead, so nothing ever overflows. A task that hands its worker's core off (a
 * blocking section) is not counted as a poll: the core, and its counters, belong to another
 * thread by the time the task returns.
 *
 * <h2>JFR</h2>
 * Events ({@code io.tidepool.LongPoll}, {@code io.tidepool.WorkerPark}; the blocking events are
 * defined for the blocking module) are emitted only when {@code jdk.jfr} is readable (see
 * {@link io.tidepool.internal.metrics.JfrSupport}) and a recording enables them. A long-poll
 * event needs the per-poll clock, so it is only produced when the builder set a threshold. A
 * park event costs, when no recording enables it, one static check and one {@code isEnabled()}
 * call on a path that already takes a lock and a futex sleep, so it is wired in; it is disabled
 * by default because a ping-pong workload parks at a very high rate.
 */
package io.tidepool.internal.metrics;

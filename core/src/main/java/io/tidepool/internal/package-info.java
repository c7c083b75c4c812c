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
 * Internals of tidepool. Nothing here is API; the module exports one of these packages,
 * {@code internal.handoff}, and only to {@code io.tidepool.blocking} (for its
 * {@code BlockingSpi}).
 *
 * <h2>Memory-mode vocabulary</h2>
 * Every concurrent field is private to its holder class and touched only through accessors whose
 * prefix names the JDK 9 memory mode of the access (see {@link java.lang.invoke.VarHandle}):
 * <ul>
 *   <li>{@code lp}/{@code sp}: plain load/store; the accessor's comment says why plain is enough
 *       (usually: only the owner thread writes the field).</li>
 *   <li>{@code lo}/{@code so}: opaque load / release store ({@code setRelease}); {@code so} is the
 *       "store ordered" of JCTools.</li>
 *   <li>{@code po}: opaque store ({@code setOpaque}): atomic and eventually visible, no ordering;
 *       for single-writer statistics counters, which the owner bumps from a plain read of its
 *       own last value and other threads read with {@code lo}.</li>
 *   <li>{@code la}: acquire load ({@code getAcquire}).</li>
 *   <li>{@code lv}/{@code sv}: volatile load/store.</li>
 *   <li>{@code cas}: volatile compare-and-set; {@code xchg}: volatile get-and-set;
 *       {@code xadd}: volatile get-and-add.</li>
 * </ul>
 * Each release store names in a comment the acquire load it pairs with.
 *
 * <h2>Map</h2>
 * Layers, each using only the ones below it (the rules are ArchUnit tests, {@code LayeringTest});
 * a lower layer reaches a higher one only through an interface it owns itself:
 * <ul>
 *   <li>{@link io.tidepool/io.tidepool.internal.net}: the selector reactor of
 *       {@code io.tidepool.net}, a {@code Park} per worker; it uses nothing internal and the
 *       scheduler does not know it.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.reactor}: pinned-core mode (reactors, messages,
 *       pollers, pinning); the worker layer's {@code PoolMode}.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.handoff}: blocking sections (hand-off, deferred
 *       sections, take-back, monitor, retake) and {@code spawnBlocking}; the worker layer's
 *       {@code HandOffHooks}.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.worker}: the scheduler: workers, the worker
 *       loop, submission, waking, running a task, shutdown.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.queue}: the Chase-Lev deque and the external
 *       inbox.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.park}: parking, and the idle set that decides whom
 *       to wake.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.task}: the poll-based task state machine.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.timer}: per-worker timer wheels, delayed and
 *       periodic tasks, async sleeps and timeouts.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.metrics}: per-worker counters, snapshots, JFR
 *       events, JMX.</li>
 *   <li>{@link io.tidepool/io.tidepool.internal.affinity}: pinning a thread to CPUs, and the
 *       unaffinitized threads.</li>
 * </ul>
 * The public packages sit on top ({@code ThreadPool} wires the layers). Internals use only the
 * public SPI and value types users hand in or get back ({@code Park}, {@code Unpark},
 * {@code Waker}, {@code AsyncTask}, {@code Poll}, {@code TaskContext}, {@code TaskHandle}, and
 * the pinned-mode value and SPI types), never the facade.
 */
package io.tidepool.internal;

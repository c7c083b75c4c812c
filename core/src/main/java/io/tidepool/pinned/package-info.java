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
 * Pinned-core mode: reactor-style per-core workers in the style of SPDK reactors.
 *
 * <p>{@code ThreadPool.builder().pinnedCores(CpuSet.parse("0-3"))} builds a pool with one worker
 * per CPU, each pinned to its CPU once when it starts. A worker runs a reactor loop: each turn it
 * runs a bounded batch of its core's messages ({@link io.tidepool.pinned.CoreExecutor}), a
 * bounded batch of its tasks, and its due {@link io.tidepool.pinned.Poller}s, then hands the sum
 * of the work done to an Agrona {@code IdleStrategy}. Messages sent to a core are never stolen;
 * tasks are stolen only with {@code stealing(true)}, nearest CPU number first.
 *
 * <p>Data that cares where it lives implements {@link io.tidepool.pinned.ThreadAware}; a
 * message relocates its payload once on the way ({@link io.tidepool.pinned.CoreExecutor#send}).
 * {@link io.tidepool.pinned.PerCore} keeps one value per core. Blocking work belongs on the
 * unaffinitized threads ({@code ThreadPool.spawnUnaffinitized}), whose affinity is the
 * complement of the reactor CPUs.
 *
 * <p>See {@code docs/guide/pinned.md} for how to use it and {@code docs/notes/pinned-mode.md}
 * for the design, its costs and measurements.
 */
package io.tidepool.pinned;

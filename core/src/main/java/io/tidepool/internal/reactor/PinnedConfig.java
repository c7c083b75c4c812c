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

package io.tidepool.internal.reactor;

import io.tidepool.internal.affinity.AffinityBackend;
import io.tidepool.pinned.CpuSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Validated settings of pinned-core mode, as the builder hands them to the internals.
 *
 * @param cpus the reactor CPUs; worker {@code i} is pinned to {@code cpus.cpu(i)}
 * @param stealing whether idle reactors steal tasks (never messages), nearest CPU first
 * @param idleStrategy creates each reactor's idle strategy (see {@link ReactorIdles})
 * @param backend how threads are pinned
 * @param strict whether a pinning failure fails {@code build()} instead of a warning
 * @param warnings receives the warning of a lenient pinning failure (once per pool)
 * @param unaffinitizedThreads the most unaffinitized threads
 * @param unaffinitizedQueue the capacity of the unaffinitized threads' queue
 */
public record PinnedConfig(
        CpuSet cpus,
        boolean stealing,
        Supplier<? extends ReactorIdle> idleStrategy,
        AffinityBackend backend,
        boolean strict,
        Consumer<String> warnings,
        int unaffinitizedThreads,
        int unaffinitizedQueue) {}

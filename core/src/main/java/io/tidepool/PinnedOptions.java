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

package io.tidepool;

import io.tidepool.internal.affinity.Affinities;
import io.tidepool.internal.affinity.AffinityBackend;
import io.tidepool.internal.reactor.PinnedConfig;
import io.tidepool.internal.reactor.ReactorIdle;
import io.tidepool.internal.reactor.ReactorIdles;
import io.tidepool.pinned.CpuSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pinned-core settings of a {@link ThreadPoolBuilder} and their validation; kept apart so
 * the builder stays one idea. Not thread-safe, like the builder.
 *
 * <p>Names no Agrona type (Agrona is optional): the user's idle strategy supplier is kept
 * erased and handed to {@link ReactorIdles}, which checks that Agrona is there.
 */
final class PinnedOptions {
    CpuSet cpus;
    /** Null: not set (default false in pinned mode). */
    Boolean stealing;
    /** The user's {@code Supplier<? extends IdleStrategy>}; null: tidepool's backoff. */
    Supplier<?> idleStrategy;
    boolean strict;
    int unaffinitizedThreads = 8;
    int unaffinitizedQueue = 1024;
    /** Test hook: null for the platform's backend. */
    AffinityBackend backend;
    /** Test hook: null for System.Logger. */
    Consumer<String> warnings;

    /**
     * Validates the settings.
     *
     * @param poolSizeSet whether the builder's poolSize was set explicitly
     * @param poolSize the builder's poolSize
     * @return the pinned-mode configuration, or null in the default mode
     */
    PinnedConfig toConfig(boolean poolSizeSet, int poolSize) {
        if (cpus == null) {
            if (stealing != null || idleStrategy != null || strict) {
                throw new IllegalArgumentException("stealing, idleStrategy and strictAffinity "
                        + "apply to pinned-core mode only: set pinnedCores too");
            }
            return null;
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("pinnedCores must not be empty");
        }
        if (poolSizeSet && poolSize != cpus.size()) {
            throw new IllegalArgumentException("poolSize " + poolSize + " does not match the "
                    + cpus.size() + " CPUs of pinnedCores " + cpus);
        }
        if (unaffinitizedThreads < 1 || unaffinitizedThreads > ThreadPool.MAX_POOL_SIZE) {
            throw new IllegalArgumentException("unaffinitized threads must be in 1.."
                    + ThreadPool.MAX_POOL_SIZE + ": " + unaffinitizedThreads);
        }
        if (unaffinitizedQueue < 1 || unaffinitizedQueue > ThreadPool.MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("unaffinitized queueCapacity must be in 1.."
                    + ThreadPool.MAX_QUEUE_CAPACITY + ": " + unaffinitizedQueue);
        }
        final AffinityBackend backend = this.backend != null ? this.backend : Affinities.backend();
        if (strict && backend.unsupportedReason() != null) {
            throw new IllegalStateException("strictAffinity: cannot pin threads here ("
                    + backend.unsupportedReason() + ")");
        }
        final CpuSet present = backend.present();
        final CpuSet allowed = backend.processAllowed();
        for (int cpu : cpus.toArray()) {
            if (!present.contains(cpu)) {
                throw new IllegalArgumentException("pinnedCores: CPU " + cpu
                        + " does not exist on this machine (CPUs " + present
                        + "; this process may use " + allowed + ")");
            }
            if (!allowed.contains(cpu)) {
                throw new IllegalArgumentException("pinnedCores: CPU " + cpu
                        + " is not in this process's allowed CPU set " + allowed);
            }
        }
        final Supplier<ReactorIdle> idles = ReactorIdles.of(idleStrategy);
        final Consumer<String> warnings = this.warnings != null ? this.warnings
                : message -> System.getLogger("io.tidepool.pinned")
                        .log(System.Logger.Level.WARNING, message);
        return new PinnedConfig(cpus, stealing != null && stealing, idles, backend,
                strict, warnings, unaffinitizedThreads, unaffinitizedQueue);
    }
}

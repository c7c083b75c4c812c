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

package io.tidepool.internal.worker;

import io.tidepool.internal.metrics.PoolSample;
import io.tidepool.internal.metrics.WorkerSample;

/**
 * Reads a pool's figures for a metrics snapshot, from any thread, without stopping anyone: every
 * counter with an opaque load, queue depths with the queues' own racy size reads. Cost: one pass
 * over the workers, O(workers) loads, plus one small allocation per worker.
 */
public final class PoolSampler {
    private PoolSampler() {}

    /**
     * The figures of {@code pool} now.
     *
     * @param pool the pool to sample; any thread, any time
     * @return a new sample, each figure read separately (not an atomic snapshot)
     */
    public static PoolSample sample(Pool pool) {
        final WorkerCore[] cores = pool.cores();
        final WorkerSample[] workers = new WorkerSample[cores.length];
        for (int i = 0; i < cores.length; i++) {
            final WorkerCore c = cores[i];
            // pinned-core mode: a core's queued messages count as inbox depth
            workers[i] = c.stats.sample(c.deque.size(), c.inbox.size() + pool.mode().queued(i));
        }
        return new PoolSample(pool.config().name(), Lifecycle.name(pool.lvLifecycle()),
                pool.aliveAsyncTasks(), pool.idle().unparkedCount(),
                pool.idle().searchingCount(), workers, pool.handOffs().sample(),
                pool.timers().sample());
    }
}

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
                pool.idle().searchingCount(), workers, pool.handOffs().sample());
    }
}

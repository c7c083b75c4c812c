package io.tidepool;

import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool as the Executor of CompletableFuture's *Async methods. */
@Timeout(60)
class CompletableFutureIntegrationTest {

    @Test
    void shouldRunSupplyAsyncAndItsAsyncStagesOnPoolWorkers() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("cf-pool").build();
        try {
            final AtomicReference<String> stageThread = new AtomicReference<>();
            final CompletableFuture<Integer> f = CompletableFuture
                    .supplyAsync(() -> Thread.currentThread().getName(), pool)
                    .thenApplyAsync(name -> {
                        stageThread.set(Thread.currentThread().getName());
                        return name.startsWith("cf-pool-worker-") ? 1 : 0;
                    }, pool)
                    .thenCombineAsync(CompletableFuture.supplyAsync(() -> 41, pool), Integer::sum, pool);
            assertEquals(42, f.get(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue(stageThread.get().startsWith("cf-pool-worker-"), stageThread.get());
        } finally {
            shutdownAndAwait(pool);
        }
        // two supplyAsync, one thenApplyAsync, one thenCombineAsync: one task each
        final PoolMetrics m = pool.metrics();
        assertEquals(4, m.pollCount(), m::toString);
        assertEquals(4, m.localScheduleCount() + m.remoteScheduleCount(), m::toString);
    }
}

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

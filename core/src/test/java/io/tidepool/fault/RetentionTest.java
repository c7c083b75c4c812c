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

package io.tidepool.fault;

import static io.tidepool.fault.FaultSupport.collected;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Waker;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 8: a {@link TaskHandle} or {@link Waker} kept after its task completed or was
 * cancelled retains neither the task (with what it captured) nor the pool; a terminated pool is
 * collectable while they are held. Reachability is observed through {@link WeakReference}s,
 * asking for collections until a deadline.
 */
class RetentionTest {
    /** What a test keeps (the handle and the waker) and what it watches. */
    private record Kept(TaskHandle<String> handle, Waker waker, WeakReference<Object> captured,
            WeakReference<Thread> worker, WeakReference<ThreadPool> pool) {}

    /** How the task ends. */
    private enum Ending { COMPLETE, CANCELLED, SHUTDOWN_NOW }

    @Test
    void shouldReleaseTaskAndPoolOfACompletedTask() throws Exception {
        assertReleased(spawnAndEnd(Ending.COMPLETE));
    }

    @Test
    void shouldReleaseTaskAndPoolOfACancelledTask() throws Exception {
        assertReleased(spawnAndEnd(Ending.CANCELLED));
    }

    @Test
    void shouldReleaseTaskAndPoolOfATaskCancelledByShutdownNow() throws Exception {
        assertReleased(spawnAndEnd(Ending.SHUTDOWN_NOW));
    }

    private static void assertReleased(Kept kept) throws Exception {
        assertTrue(collected(kept.captured()), "the ended task's captured state is still reachable");
        assertTrue(collected(kept.worker()), "a worker thread of the terminated pool is still reachable");
        assertTrue(collected(kept.pool()), "the terminated pool is still reachable");
        // the kept handle and waker still work
        assertTrue(kept.handle().isDone());
        kept.waker().wake();
        assertTrue(kept.handle().isDone());
    }

    /**
     * Spawns a task that captures a large array and remembers its worker, ends it, terminates
     * the pool, and returns only the handle, the waker and weak references: nothing else of the
     * pool or the task stays on this thread's stack.
     */
    private static Kept spawnAndEnd(Ending ending) throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final Object captured = new byte[1 << 20];
        final CompletableFuture<Thread> worker = new CompletableFuture<>();
        final CompletableFuture<Waker> waker = new CompletableFuture<>();
        final TaskHandle<String> handle = pool.spawn(cx -> {
            worker.complete(Thread.currentThread());
            waker.complete(cx.waker());
            if (ending != Ending.COMPLETE) {
                return Poll.pending();
            }
            return Poll.ready("size " + ((byte[]) captured).length);
        });
        final Waker w = waker.get(20, TimeUnit.SECONDS);
        switch (ending) {
            case COMPLETE -> assertEquals("size " + (1 << 20), handle.get(20, TimeUnit.SECONDS));
            case CANCELLED -> assertTrue(handle.cancel(false));
            case SHUTDOWN_NOW -> pool.shutdownNow();
        }
        shutdownAndAwait(pool);
        assertTrue(handle.isDone());
        return new Kept(handle, w, new WeakReference<>(captured),
                new WeakReference<>(worker.get(20, TimeUnit.SECONDS)), new WeakReference<>(pool));
    }
}

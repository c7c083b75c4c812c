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

import static io.tidepool.fault.FaultSupport.await;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.ThreadPool;
import io.tidepool.pinned.CpuSet;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Issue 15, item 15: hostile settings and tasks get errors that name what was wrong. */
class ClearErrorsTest {
    @Test
    void shouldTreatAKeepAliveTooLongForNanosecondsAsForever() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(1)
                .keepAlive(Duration.ofDays(1_000_000)).build();
        final CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        await(ran, "a task of a pool with a huge keepAlive");
        shutdownAndAwait(pool);
    }

    @Test
    void shouldBoundTheBlockingQueueCapacityByName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().blockingQueueCapacity(Integer.MAX_VALUE).build());
        assertTrue(e.getMessage().contains("blockingQueueCapacity")
                && e.getMessage().contains(String.valueOf(ThreadPool.MAX_QUEUE_CAPACITY))
                && e.getMessage().contains(String.valueOf(Integer.MAX_VALUE)), e.getMessage());
    }

    @Test
    void shouldBoundTheUnaffinitizedQueueCapacityByName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().pinnedCores(CpuSet.of(0))
                        .unaffinitized(1, Integer.MAX_VALUE).build());
        assertTrue(e.getMessage().contains("queueCapacity")
                && e.getMessage().contains(String.valueOf(ThreadPool.MAX_QUEUE_CAPACITY)), e.getMessage());
    }

    @Test
    void shouldNameStackSizeWhenItIsTooLarge() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().stackSize(Long.MAX_VALUE).build());
        assertTrue(e.getMessage().contains("stackSize")
                && e.getMessage().contains(String.valueOf(Long.MAX_VALUE)), e.getMessage());
    }

    @Test
    void shouldRejectATaskWhoseToStringThrows() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        shutdownAndAwait(pool);
        final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.execute(new Runnable() {
                    @Override
                    public void run() {}

                    @Override
                    public String toString() {
                        throw new IllegalStateException("hostile toString");
                    }
                }));
        assertTrue(e.getMessage().contains("toString() threw"), e.getMessage());
    }

    @Test
    void shouldNameTheUsersAsyncTaskWhenSpawnIsRejected() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        shutdownAndAwait(pool);
        final AsyncTask<String> task = new AsyncTask<>() {
            @Override
            public Poll<String> poll(TaskContext cx) {
                return Poll.ready("never");
            }

            @Override
            public String toString() {
                return "the-users-task";
            }
        };
        final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.spawn(task));
        assertTrue(e.getMessage().contains("the-users-task"), e.getMessage());
        assertFalse(e.getMessage().contains("io.tidepool.internal")
                || e.getMessage().contains("AsyncTaskCell"), e.getMessage());
    }
}

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

import static io.tidepool.TestSupport.awaitQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ThreadPool as a drop-in {@link java.util.concurrent.ExecutorService}. */
@Timeout(30)
class ExecutorServiceContractTest {
    private ThreadPool pool;
    /** Never opened: tasks that wait on it only end by interruption or timeout. */
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void startPool() {
        pool = ThreadPool.builder().poolSize(2).build();
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
    }

    private Callable<String> blocking(String value) {
        return () -> {
            never.await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
            return value;
        };
    }

    @Test
    void shouldCompleteAllThreeFormsOfSubmit() throws Exception {
        final CountDownLatch ran = new CountDownLatch(1);
        final Future<?> runnable = pool.submit(ran::countDown);
        final Future<String> withResult = pool.submit(() -> { }, "given");
        final Future<Integer> callable = pool.submit(() -> 6 * 7);
        assertNull(runnable.get(20, TimeUnit.SECONDS));
        assertEquals(0, ran.getCount());
        assertEquals("given", withResult.get(20, TimeUnit.SECONDS));
        assertEquals(42, callable.get(20, TimeUnit.SECONDS));
        assertTrue(runnable.isDone() && withResult.isDone() && callable.isDone());
    }

    @Test
    void shouldInvokeAllAndReturnFuturesInOrder() throws Exception {
        final List<Future<Integer>> futures = pool.invokeAll(List.of(() -> 1, () -> 2, () -> 3));
        assertEquals(3, futures.size());
        for (int i = 0; i < 3; i++) {
            assertTrue(futures.get(i).isDone());
            assertEquals(i + 1, futures.get(i).get());
        }
    }

    @Test
    void shouldCancelTasksNotDoneWhenInvokeAllTimesOut() throws Exception {
        final List<Future<String>> futures = pool.invokeAll(
                List.of(() -> "fast", blocking("slow")), 200, TimeUnit.MILLISECONDS);
        assertEquals(2, futures.size());
        assertEquals("fast", futures.get(0).get());
        assertTrue(futures.get(1).isCancelled(), "the blocked task was not cancelled");
    }

    @Test
    void shouldReturnTheFirstSuccessfulResultFromInvokeAny() throws Exception {
        final String result = pool.invokeAny(List.of(
                () -> {
                    throw new IllegalStateException("fails");
                },
                () -> "succeeds"));
        assertEquals("succeeds", result);
        assertEquals("any", pool.invokeAny(List.of(() -> "any"), 20, TimeUnit.SECONDS));
    }

    @Test
    void shouldThrowExecutionExceptionWhenEveryInvokeAnyTaskFails() {
        final ExecutionException e = assertThrows(ExecutionException.class, () -> pool.invokeAny(
                List.<Callable<String>>of(
                        () -> {
                            throw new IllegalStateException("first");
                        },
                        () -> {
                            throw new IllegalStateException("second");
                        })));
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    }

    @Test
    void shouldTimeOutInvokeAnyWhenNoTaskFinishesInTime() {
        assertThrows(TimeoutException.class, () -> pool.invokeAny(
                List.of(blocking("a"), blocking("b")), 200, TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldRejectNullTasksWithNullPointerException() {
        assertThrows(NullPointerException.class, () -> pool.execute(null));
        assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null));
        assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null, "x"));
        assertThrows(NullPointerException.class, () -> pool.submit((Callable<?>) null));
        assertThrows(NullPointerException.class, () -> pool.spawn((Runnable) null));
        assertThrows(NullPointerException.class, () -> pool.spawn((AsyncTask<?>) null));
        assertThrows(NullPointerException.class, () -> pool.invokeAll(null));
        assertThrows(NullPointerException.class, () -> pool.invokeAny(null));
        assertThrows(NullPointerException.class, () -> pool.awaitTermination(1, null));
    }

    @Test
    void shouldRunSpawnedRunnablesLikeExecute() throws Exception {
        final CountDownLatch ran = new CountDownLatch(1);
        pool.spawn(ran::countDown);
        assertTrue(awaitQuietly(ran), "spawned runnable did not run");
    }
}

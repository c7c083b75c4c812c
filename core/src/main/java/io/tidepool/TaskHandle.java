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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * The handle of a spawned {@link AsyncTask}: a {@link Future} of its result with a
 * {@link CompletionStage} view.
 *
 * <p>{@link #cancel(boolean)} succeeds before the first poll and between polls: the task is not
 * polled again and its waker becomes a no-op. Called during a poll, it succeeds too, but the
 * running poll finishes and its outcome is discarded; with {@code mayInterruptIfRunning} the
 * polling thread is interrupted. Cancelling a completed task returns {@code false}.
 *
 * @param <T> the result type
 */
public interface TaskHandle<T> extends Future<T> {
    /** {@return a read-only stage completed with the task's outcome} */
    CompletionStage<T> completionStage();

    /**
     * A new {@link CompletableFuture} completed with the task's outcome. Completing or cancelling
     * the returned future does not affect the task; cancel the task through this handle.
     *
     * @return a fresh future completed when the task completes, fails or is cancelled
     */
    CompletableFuture<T> toCompletableFuture();

    /**
     * Gives the task a deadline on the pool's timer wheels (not the JDK's shared delayer
     * thread): if it has not completed within {@code timeout}, the handle completes
     * exceptionally with a {@link java.util.concurrent.TimeoutException} and the task is
     * stopped as by {@code cancel(false)} (not polled again; a running poll finishes and its
     * outcome is dropped), though {@link #isCancelled()} stays false. A task that completes
     * first disarms the timer. Each call adds a deadline; the earliest wins. On a pool with a
     * {@linkplain ThreadPoolBuilder#virtualClock virtual clock} the timeout is on that clock.
     *
     * @param timeout the longest the task may take from now; zero or negative times out at once
     * @return this handle
     * @throws NullPointerException if {@code timeout} is null
     */
    TaskHandle<T> orTimeout(Duration timeout);
}

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

/**
 * An async sleep: a deadline an {@link AsyncTask} can wait on without blocking its worker
 * ({@link ThreadPool#sleep}). Poll it from the task's poll: before the deadline it arms a timer
 * on the pool's timer wheels (the polling worker's own wheel when polled on a worker) that
 * wakes the task's waker at the deadline, and returns {@link Poll#pending()}; from the
 * deadline on it returns ready. Polling again before the deadline re-arms nothing (the latest
 * waker is the one woken).
 *
 * <pre>{@code
 * Sleep delay = pool.sleep(Duration.ofMillis(100));
 * pool.spawn(cx -> delay.poll(cx).isReady() ? Poll.ready("waited") : Poll.pending());
 * }</pre>
 *
 * <p>Thread-safe. On a pool with a {@linkplain ThreadPoolBuilder#virtualClock virtual clock}
 * the deadline is on that clock.
 */
public interface Sleep {
    /**
     * Ready once the deadline has passed; before it, arms the timer (once) to wake
     * {@code cx.waker()} then, and returns pending.
     *
     * @param cx the polling task's context
     * @return {@link Poll#ready} with null, or {@link Poll#pending()}
     * @throws java.util.concurrent.RejectedExecutionException if the timer must be armed and
     *     the pool refuses it (shut down, polled from outside the pool)
     */
    Poll<Void> poll(TaskContext cx);

    /** {@return whether the deadline has passed} */
    boolean isElapsed();

    /** {@return the time left until the deadline; zero or negative once it has passed} */
    Duration remaining();

    /**
     * Disarms the timer, if armed and not fired, so it never wakes the task: for a task that
     * stops waiting (another event came first). O(1), any thread.
     *
     * @return whether a timer was disarmed
     */
    boolean cancel();
}

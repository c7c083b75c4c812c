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

package io.tidepool.pinned;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One reactor core of a pinned pool, obtained with {@code ThreadPool.core(cpu)}: SPDK's
 * {@code send_msg} target. Everything submitted here runs on that core's thread, in submission
 * order per submitting thread, and is never stolen by another core, whatever the pool's
 * stealing setting.
 *
 * <p>Thread-safe. Submission from outside the pool is refused after {@code shutdown()};
 * submission from the pool's own threads is accepted until the pool stops, as for
 * {@code ThreadPool.execute}.
 */
public interface CoreExecutor extends Executor {
    /** {@return the CPU this core is pinned to} */
    int cpu();

    /** {@return the affinity of this core: its CPU and NUMA node} */
    Affinity affinity();

    /**
     * Runs {@code task} on this core.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException if the pool no longer accepts it
     */
    @Override
    void execute(Runnable task);

    /**
     * Sends {@code payload} to this core: on the core's thread it is relocated from the sender's
     * affinity ({@link Affinity#NONE} if the sender is not a reactor) to this core's, exactly
     * once, and {@code handler} receives the result. If {@code relocated} throws, the handler is
     * not called and the exception goes to the pool's uncaught-exception handler.
     *
     * @param <T> the type the payload relocates to
     * @param payload the data to move
     * @param handler runs on this core with the relocated payload
     * @throws NullPointerException if an argument is null
     * @throws RejectedExecutionException if the pool no longer accepts messages
     */
    <T> void send(ThreadAware<T> payload, Consumer<? super T> handler);

    /**
     * Registers a poller on this core. See {@link Poller} for timing, work counts, exceptions
     * and control.
     *
     * @param name a name for diagnostics
     * @param interval time between calls, {@code >= 0}; zero calls it on every loop turn
     * @param function the poll function
     * @return the poller's handle
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code interval} is negative
     * @throws RejectedExecutionException if the pool is shut down
     */
    Poller poller(String name, Duration interval, Poller.Function function);
}

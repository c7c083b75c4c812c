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

package io.tidepool.bench.scheduler;

import java.util.concurrent.Executor;

/**
 * A chain of tasks in which each task submits the next: one {@code Runnable} re-submitted
 * {@code length - 1} times, so only one task exists at any time and the executor allocates
 * whatever it allocates per submission, nothing more. Shared by {@link ChainedSpawn} and
 * {@link BurstAfterIdle}.
 */
final class Chain implements Runnable {
    private final Executor executor;
    private final Completion done;
    private int left;

    /**
     * @param executor where each link submits the next
     * @param done counted down once, by the last link
     */
    Chain(Executor executor, Completion done) {
        this.executor = executor;
        this.done = done;
    }

    /**
     * Arms {@code done} for one count-down and submits the first link of a chain of
     * {@code length} tasks; call from the benchmark thread, then await {@code done}.
     */
    void start(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1: " + length);
        }
        done.arm(1);
        // plain: the execute below happens-before the first link reads it
        left = length;
        executor.execute(this);
    }

    @Override
    public void run() {
        // plain: the previous link's submission happens-before this run
        if (--left == 0) {
            done.countDown();
        } else {
            executor.execute(this);
        }
    }
}

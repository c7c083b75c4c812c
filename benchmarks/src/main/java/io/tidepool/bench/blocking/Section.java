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

package io.tidepool.bench.blocking;

import io.tidepool.bench.scheduler.ExecutorKind;
import io.tidepool.blocking.Blocking;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs a body in each executor's own kind of blocking section.
 *
 * <ul>
 *   <li>{@code tidepool}: {@link Blocking#blocking(Callable)}, which hands the worker's queues to
 *       a backup thread and runs the body on the calling thread;</li>
 *   <li>{@code forkjoin}: {@link ForkJoinPool#managedBlock} with a one-shot
 *       {@link ForkJoinPool.ManagedBlocker} whose {@code block()} runs the body (the pool may
 *       activate or create a spare thread for the duration);</li>
 *   <li>{@code threadpool}: the body inline; a {@code ThreadPoolExecutor} has no notion of a
 *       blocking section, so its worker is simply occupied.</li>
 * </ul>
 */
final class Section {
    private Section() {}

    /**
     * Runs {@code body} in the blocking section of {@code kind} and returns its result.
     *
     * @throws Exception whatever {@code body} throws
     * @throws IllegalArgumentException for a kind without a section defined here
     */
    static <T> T run(ExecutorKind kind, Callable<T> body) throws Exception {
        switch (kind) {
            case TIDEPOOL:
                return Blocking.blocking(body);
            case FORKJOIN:
            case FORKJOIN_ASYNC:
                final OneShot<T> blocker = new OneShot<>(body);
                ForkJoinPool.managedBlock(blocker);
                return blocker.result();
            case THREADPOOL:
                return body.call();
            default:
                throw new IllegalArgumentException("no blocking section for executor " + kind.paramName());
        }
    }

    /** A {@link ForkJoinPool.ManagedBlocker} that runs a body once in {@code block()}. */
    private static final class OneShot<T> implements ForkJoinPool.ManagedBlocker {
        private final Callable<T> body;
        private boolean done;
        private T result;
        private Exception failure;

        OneShot(Callable<T> body) {
            this.body = body;
        }

        @Override
        public boolean block() {
            try {
                result = body.call();
            } catch (Exception e) {
                failure = e;
            }
            done = true;
            return true;
        }

        @Override
        public boolean isReleasable() {
            // plain: managedBlock calls it on the same thread that runs block()
            return done;
        }

        T result() throws Exception {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}

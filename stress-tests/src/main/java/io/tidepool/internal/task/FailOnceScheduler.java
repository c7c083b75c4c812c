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

package io.tidepool.internal.task;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake pool whose first reschedule throws (as a waker at its stack limit would), after or
 * before queuing the cell; every later one queues it.
 */
final class FailOnceScheduler implements TaskScheduler {
    final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final boolean queueBeforeFailing;

    /** @param queueBeforeFailing whether the failing reschedule queues the cell before it throws */
    FailOnceScheduler(boolean queueBeforeFailing) {
        this.queueBeforeFailing = queueBeforeFailing;
    }

    @Override
    public boolean reschedule(Runnable task) {
        if (failed.compareAndSet(false, true)) {
            if (queueBeforeFailing) {
                queue.add(task);
            }
            throw new StackOverflowError("injected");
        }
        queue.add(task);
        return true;
    }

    @Override
    public void taskTerminated(AsyncTaskCell<?> cell) {
        // the tests' tasks never end
    }

    /** Runs every queued copy of the cell. */
    void runQueued() {
        Runnable task;
        while ((task = queue.poll()) != null) {
            task.run();
        }
    }
}

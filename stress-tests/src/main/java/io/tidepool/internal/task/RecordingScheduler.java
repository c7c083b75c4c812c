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

import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake pool for {@link AsyncTaskCell} stress tests: counts reschedules and terminations and
 * keeps the rescheduled cells so a test can run them.
 */
final class RecordingScheduler implements TaskScheduler {
    final AtomicInteger reschedules = new AtomicInteger();
    final AtomicInteger terminations = new AtomicInteger();
    final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** A stopped pool refuses every reschedule, as after {@code shutdownNow}. */
    private final boolean stopped;

    /** A running pool: every reschedule is queued. */
    RecordingScheduler() {
        this(false);
    }

    RecordingScheduler(boolean stopped) {
        this.stopped = stopped;
    }

    @Override
    public boolean reschedule(Runnable task) {
        reschedules.incrementAndGet();
        if (stopped) {
            return false;
        }
        queue.add(task);
        return true;
    }

    @Override
    public void taskTerminated(AsyncTaskCell<?> cell) {
        terminations.incrementAndGet();
    }

    /** Runs every queued cell; returns how many ran. */
    int runQueued() {
        int n = 0;
        Runnable task;
        while ((task = queue.poll()) != null) {
            task.run();
            n++;
        }
        return n;
    }

    /**
     * The cell's state name, with the termination count appended when it disagrees with the
     * state ({@code taskTerminated} must be called exactly once, on reaching a terminal state).
     */
    String stateOf(AsyncTaskCell<?> cell) {
        final String name = cell.stateName();
        final boolean terminal = name.equals("COMPLETE") || name.equals("CANCELLED");
        final int expected = terminal ? 1 : 0;
        final int seen = terminations.get();
        return seen == expected ? name : name + "/terminated=" + seen;
    }

    /**
     * How the cell's future ended, read through the cell's own {@code Future} methods:
     * {@code cancelled}, {@code value=...}, {@code failed} or {@code pending}, with
     * {@code !inconsistent} appended when {@code isCancelled()} disagrees with it.
     */
    static String futureOf(AsyncTaskCell<?> cell) {
        if (!cell.isDone()) {
            return cell.isCancelled() ? "pending!inconsistent" : "pending";
        }
        String what;
        boolean cancelled = false;
        try {
            what = "value=" + cell.get();
        } catch (CancellationException e) {
            what = "cancelled";
            cancelled = true;
        } catch (ExecutionException e) {
            what = "failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            what = "interrupted";
        }
        return cell.isCancelled() == cancelled ? what : what + "!inconsistent";
    }
}

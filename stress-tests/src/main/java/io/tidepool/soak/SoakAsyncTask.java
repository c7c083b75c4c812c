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

package io.tidepool.soak;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A soak async task: it completes after {@code needed} permits, each granted by a waker thread
 * (or by itself) followed by a wake. Checks that its polls never overlap, and records exactly
 * one completion in the ledger.
 */
final class SoakAsyncTask implements AsyncTask<Integer> {
    /** A pending poll waiting for a permit and a wake from a waker thread. */
    record Registration(SoakAsyncTask task, io.tidepool.Waker waker) {}

    final int id;
    private final int needed;
    private final boolean selfWakes;
    private final SoakLedger ledger;
    private final Queue<Registration> waiting;
    private final ThreadPool pool;
    private final AtomicInteger permits = new AtomicInteger();
    private final AtomicBoolean inPoll = new AtomicBoolean();
    private final AtomicInteger readyPolls = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    volatile TaskHandle<Integer> handle;
    volatile boolean cancelSucceeded;

    SoakAsyncTask(int id, int needed, boolean selfWakes, SoakLedger ledger,
            Queue<Registration> waiting, ThreadPool pool) {
        this.id = id;
        this.needed = needed;
        this.selfWakes = selfWakes;
        this.ledger = ledger;
        this.waiting = waiting;
        this.pool = pool;
    }

    @Override
    public Poll<Integer> poll(TaskContext cx) {
        if (!inPoll.compareAndSet(false, true)) {
            ledger.violation("async task " + id + ": two polls at once");
        }
        try {
            final int n = polls.incrementAndGet();
            if (permits.get() >= needed) {
                readyPolls.incrementAndGet();
                ledger.ran(id);
                return Poll.ready(id);
            }
            if (n % 5 == 2) {
                spawnChild();
            }
            if (selfWakes && (n & 1) == 1) {
                // a wake during the poll: must give exactly one more poll
                permits.incrementAndGet();
                cx.waker().wake();
            } else {
                waiting.add(new Registration(this, cx.waker()));
            }
            return Poll.pending();
        } finally {
            inPoll.set(false);
        }
    }

    /** A nested Runnable spawned from inside the poll (a worker thread). */
    private void spawnChild() {
        final int child = ledger.newId();
        if (child < 0) {
            return;
        }
        ledger.live.incrementAndGet();
        try {
            pool.execute(new SoakTask(child, 1, ledger, pool));
            ledger.accepted(child);
        } catch (RejectedExecutionException e) {
            ledger.live.decrementAndGet();
            ledger.rejected(child);
        }
    }

    /** Called by a waker thread before it wakes the registration. */
    void grant() {
        permits.incrementAndGet();
    }

    /**
     * For a pool that did not terminate: the state of this task if it is unfinished (the
     * cell's state, its polls and permits, whether a waker thread still holds a registration
     * of it), else null. Call after the waker threads stopped.
     */
    String describeIfUnfinished() {
        final TaskHandle<Integer> h = handle;
        if (h == null || h.isDone()) {
            return null;
        }
        final boolean registered = waiting.stream().anyMatch(r -> r.task() == this);
        return "async task " + id + " unfinished: " + h + ", polls " + polls + ", permits " + permits
                + " of " + needed + (selfWakes ? ", self-waking" : "")
                + (registered ? ", a wake still registered" : ", no wake registered");
    }

    /** Checks the handle once the pool has terminated; returns 0 completed, 1 cancelled, 2 failed. */
    int verify(boolean stoppedNow) {
        final TaskHandle<Integer> h = handle;
        if (!h.isDone()) {
            ledger.violation("async task " + id + " never finished: " + h);
            return -1;
        }
        try {
            final Integer v = h.get();
            if (v != id || readyPolls.get() != 1) {
                ledger.violation("async task " + id + " completed with " + v + " after " + readyPolls + " ready polls");
            }
            if (cancelSucceeded || h.isCancelled()) {
                ledger.violation("async task " + id + " completed although cancel returned true / isCancelled");
            }
            return 0;
        } catch (CancellationException e) {
            if (readyPolls.get() > 1) {
                ledger.violation("async task " + id + " cancelled after " + readyPolls + " ready polls");
            }
            if (!h.isCancelled()) {
                ledger.violation("async task " + id + ": get() threw CancellationException but isCancelled() is false");
            }
            if (!cancelSucceeded && !stoppedNow) {
                ledger.violation("async task " + id + " cancelled though nobody cancelled it and no shutdownNow");
            }
            return 1;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RejectedExecutionException) || !stoppedNow) {
                ledger.violation("async task " + id + " failed: " + e.getCause());
            }
            if (cancelSucceeded) {
                ledger.violation("async task " + id + " failed although cancel returned true");
            }
            if (h.isCancelled()) {
                ledger.violation("async task " + id + ": isCancelled() is true but get() threw ExecutionException("
                        + e.getCause() + ")");
            }
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

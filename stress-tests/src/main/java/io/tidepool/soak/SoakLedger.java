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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The books of one soak round: every task gets an id, and each id records whether the pool
 * accepted or rejected it, how many times it ran, and whether {@code shutdownNow} handed it
 * back. {@link #verifyRunnables} then checks that each accepted task ran exactly once or was
 * handed back, and that no rejected task ran.
 */
final class SoakLedger {
    static final int UNKNOWN = 0;
    static final int ACCEPTED = 1;
    static final int REJECTED = 2;
    /**
     * Submitted at the stack limit: {@code execute} may have thrown after queuing the task, so
     * it runs at most once (or is handed back), never twice.
     */
    static final int UNCERTAIN = 3;

    private final int capacity;
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicIntegerArray status;
    private final AtomicIntegerArray runs;
    private final AtomicIntegerArray returned;
    /** Tasks accepted and not yet run: the submitters' back-pressure. */
    final AtomicInteger live = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger violationCount = new AtomicInteger();

    SoakLedger(int capacity) {
        this.capacity = capacity;
        this.status = new AtomicIntegerArray(capacity);
        this.runs = new AtomicIntegerArray(capacity);
        this.returned = new AtomicIntegerArray(capacity);
    }

    /** A fresh id, or -1 when the round's books are full. */
    int newId() {
        final int id = nextId.getAndIncrement();
        return id < capacity ? id : -1;
    }

    void accepted(int id) {
        status.set(id, ACCEPTED);
    }

    void rejected(int id) {
        status.set(id, REJECTED);
    }

    void uncertain(int id) {
        status.set(id, UNCERTAIN);
    }

    /** Called by a task body (or an async task's ready poll). */
    void ran(int id) {
        if (runs.incrementAndGet(id) > 1) {
            violation("task " + id + " ran more than once");
        }
        live.decrementAndGet();
    }

    int runs(int id) {
        return runs.get(id);
    }

    void handedBack(int id) {
        returned.incrementAndGet(id);
    }

    /** Records a violation; keeps the first 100 messages of a round. */
    void violation(String what) {
        if (violationCount.getAndIncrement() < 100) {
            violations.add(what);
        }
    }

    List<String> violations() {
        return new ArrayList<>(violations);
    }

    int violationCount() {
        return violationCount.get();
    }

    /** Number of ids handed out (capped at the capacity). */
    int issued() {
        return Math.min(nextId.get(), capacity);
    }

    /**
     * Checks the plain Runnables (ids not in {@code asyncIds}) once the pool has terminated.
     *
     * @return counts: accepted, rejected, ran, handed back
     */
    long[] verifyRunnables(boolean[] asyncIds) {
        long acc = 0;
        long rej = 0;
        long ran = 0;
        long back = 0;
        final int n = issued();
        for (int id = 0; id < n; id++) {
            if (asyncIds[id]) {
                continue;
            }
            final int s = status.get(id);
            final int r = runs.get(id);
            final int b = returned.get(id);
            ran += r;
            back += b;
            if (s == ACCEPTED) {
                acc++;
                if (r + b != 1) {
                    violation("accepted task " + id + " ran " + r + " times and was handed back " + b + " times");
                }
            } else if (s == REJECTED) {
                rej++;
                if (r != 0 || b != 0) {
                    violation("rejected task " + id + " ran " + r + " times, handed back " + b + " times");
                }
            } else if (s == UNCERTAIN) {
                if (r + b > 1) {
                    violation("task " + id + " submitted at the stack limit ran " + r
                            + " times and was handed back " + b + " times");
                }
            } else if (r != 0 || b != 0) {
                violation("task " + id + " with no recorded submission ran " + r + " times");
            }
        }
        return new long[] {acc, rej, ran, back};
    }
}

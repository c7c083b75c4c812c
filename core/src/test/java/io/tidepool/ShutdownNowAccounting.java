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

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Books for the shutdownNow conservation test: every submitted task must end up exactly once as
 * ran, returned by {@code shutdownNow}, or rejected at submission.
 */
final class ShutdownNowAccounting {
    private final AtomicIntegerArray submitted;
    private final AtomicIntegerArray ran;
    private final AtomicIntegerArray returned;
    private final AtomicIntegerArray rejected;

    ShutdownNowAccounting(int ids) {
        submitted = new AtomicIntegerArray(ids);
        ran = new AtomicIntegerArray(ids);
        returned = new AtomicIntegerArray(ids);
        rejected = new AtomicIntegerArray(ids);
    }

    /** A task that records that it ran, then runs {@code body}. */
    final class Booked implements Runnable {
        final int id;
        private final Runnable body;

        Booked(int id, Runnable body) {
            this.id = id;
            this.body = body;
        }

        @Override
        public void run() {
            ran.incrementAndGet(id);
            if (body != null) {
                body.run();
            }
        }
    }

    /**
     * Submits task {@code id} to {@code pool}, booking a rejection.
     *
     * @return whether the pool accepted it
     */
    boolean submit(ThreadPool pool, int id, Runnable body) {
        submitted.incrementAndGet(id);
        try {
            pool.execute(new Booked(id, body));
            return true;
        } catch (RejectedExecutionException e) {
            rejected.incrementAndGet(id);
            return false;
        }
    }

    /** Books the list shutdownNow returned. */
    void returned(List<Runnable> unstarted) {
        for (Runnable r : unstarted) {
            returned.incrementAndGet(((Booked) r).id);
        }
    }

    int rejectedCount() {
        int n = 0;
        for (int i = 0; i < rejected.length(); i++) {
            n += rejected.get(i);
        }
        return n;
    }

    /** A description of the first few inconsistent ids, or "" if the books balance. */
    String problems() {
        final StringBuilder sb = new StringBuilder();
        int bad = 0;
        long sumRan = 0;
        long sumReturned = 0;
        long sumRejected = 0;
        for (int id = 0; id < submitted.length(); id++) {
            sumRan += ran.get(id);
            sumReturned += returned.get(id);
            sumRejected += rejected.get(id);
            final int outcomes = ran.get(id) + returned.get(id) + rejected.get(id);
            if (outcomes != submitted.get(id) || submitted.get(id) > 1) {
                if (bad++ < 10) {
                    sb.append("task ").append(id).append(": submitted ").append(submitted.get(id))
                            .append(", ran ").append(ran.get(id))
                            .append(", returned ").append(returned.get(id))
                            .append(", rejected ").append(rejected.get(id)).append('\n');
                }
            }
        }
        if (bad > 0) {
            sb.append(bad).append(" inconsistent tasks; totals: ran ").append(sumRan)
                    .append(", returned ").append(sumReturned)
                    .append(", rejected ").append(sumRejected);
        }
        return sb.toString();
    }
}

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

import io.tidepool.ThreadPool;
import java.util.concurrent.RejectedExecutionException;

/**
 * A soak Runnable: records its run in the ledger and, depending on its id, spawns up to two
 * children from inside the pool (nested spawns go on the worker's own deque).
 */
final class SoakTask implements Runnable {
    private static final int MAX_DEPTH = 3;

    final int id;
    private final int depth;
    private final SoakLedger ledger;
    private final ThreadPool pool;
    /** The round's fault injection, or null. */
    private final SoakFaults faults;

    SoakTask(int id, int depth, SoakLedger ledger, ThreadPool pool) {
        this(id, depth, ledger, pool, null);
    }

    SoakTask(int id, int depth, SoakLedger ledger, ThreadPool pool, SoakFaults faults) {
        this.id = id;
        this.depth = depth;
        this.ledger = ledger;
        this.pool = pool;
        this.faults = faults;
    }

    @Override
    public void run() {
        ledger.ran(id);
        if (faults != null) {
            if (SoakFaults.roll(1024)) {
                // a deeply recursive task submitting near its stack limit
                faults.atStackLimit(this::submitAtLimit);
            }
            faults.maybeThrow(SoakFaults.ONE_IN, "task " + id);
        }
        if (depth >= MAX_DEPTH) {
            return;
        }
        final int children = Math.floorMod(mix(id), 7) < 2 ? 1 + (id & 1) : 0;
        for (int i = 0; i < children; i++) {
            final int child = ledger.newId();
            if (child < 0) {
                return;
            }
            ledger.live.incrementAndGet();
            try {
                pool.execute(new SoakTask(child, depth + 1, ledger, pool));
                ledger.accepted(child);
            } catch (RejectedExecutionException e) {
                ledger.live.decrementAndGet();
                ledger.rejected(child);
            }
        }
    }

    /**
     * One submission near the stack limit: recorded as uncertain before the call, since
     * {@code execute} may throw after it queued the task.
     */
    private void submitAtLimit() {
        final int child = ledger.newId();
        if (child < 0) {
            return;
        }
        ledger.uncertain(child);
        ledger.live.incrementAndGet();
        try {
            pool.execute(new SoakTask(child, MAX_DEPTH, ledger, pool));
        } catch (RejectedExecutionException e) {
            ledger.live.decrementAndGet();
            ledger.rejected(child);
        }
    }

    static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 15);
    }
}

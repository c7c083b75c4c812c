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

    SoakTask(int id, int depth, SoakLedger ledger, ThreadPool pool) {
        this.id = id;
        this.depth = depth;
        this.ledger = ledger;
        this.pool = pool;
    }

    @Override
    public void run() {
        ledger.ran(id);
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

    static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 15);
    }
}

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

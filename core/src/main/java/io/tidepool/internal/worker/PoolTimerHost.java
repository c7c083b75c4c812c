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
package io.tidepool.internal.worker;

import io.tidepool.internal.timer.TimerConfig;
import io.tidepool.internal.timer.TimerCore;
import io.tidepool.internal.timer.TimerHost;
import io.tidepool.internal.timer.Timers;

/** The pool as its timers see it. */
final class PoolTimerHost implements TimerHost {
    private final Pool pool;

    PoolTimerHost(Pool pool) {
        this.pool = pool;
    }

    /** The timers of {@code pool}, whose cores exist: one wheel per core. */
    static Timers timers(Pool pool, TimerConfig config) {
        final WorkerCore[] cores = pool.cores();
        final TimerCore[] wheels = new TimerCore[cores.length];
        for (int i = 0; i < cores.length; i++) {
            wheels[i] = cores[i].timers;
        }
        return new Timers(wheels, config.clock(), new PoolTimerHost(pool),
                config.delayedAfterShutdown(), config.periodicAfterShutdown());
    }

    @Override
    public TimerCore currentTimers() {
        final WorkerCore core = WorkerThread.currentCore(pool);
        return core == null ? null : core.timers;
    }

    @Override
    public boolean insidePool() {
        return pool.isWorkerThread();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isStopped() {
        return pool.lvLifecycle() >= Lifecycle.STOP;
    }
}

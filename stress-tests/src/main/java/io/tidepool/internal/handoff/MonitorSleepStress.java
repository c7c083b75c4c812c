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

package io.tidepool.internal.handoff;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.timer.TimerConfig;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolConfig;
import io.tidepool.internal.worker.WorkerThread;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * jcstress lost-wake-up test of the monitor's sleep against a section's entry (the real
 * {@link BlockingMonitor#sleepUnlessSectionInProgress} and {@link Sections#begin} with
 * {@link BlockingMonitor#onSectionStart}) on a real but unstarted one-worker {@link Pool}.
 *
 * <p>The actor plays the monitor's thread: it sleeps, as the monitor does while no section is in
 * progress, until it has seen a section (before parking, or after being woken). The signal is a
 * section's entry on the worker's thread (an unstarted {@link WorkerThread} object that holds
 * the core and runs a task). The sleep flag and the section word form a Dekker pair: either the
 * monitor sees the section before it parks, or the entry sees the flag and unparks it. A lost
 * wake-up leaves the actor parked for good: STALE, FORBIDDEN.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the monitor saw the section, or was woken by its entry")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the monitor sleeps while a section is in progress")
@State
public class MonitorSleepStress {
    private final Pool pool;
    private final WorkerThread worker;
    private final BlockingMonitor monitor;

    /** A pool with a permit, its monitor, and a worker thread inside a task. */
    public MonitorSleepStress() {
        final PoolConfig config = new PoolConfig(1, "sleep-stress", 0, true, null, null, null,
                null, i -> new ThreadPark(), 1, 1_000_000_000L, 1, 0, 0L);
        pool = new Pool(config, MetricsConfig.DEFAULT, TimerConfig.DEFAULT, null, HandOffs::new);
        monitor = HandOffs.of(pool).monitor();
        worker = new WorkerThread(pool, "sleep-stress-worker-0", 0);
        worker.svCore(pool.cores()[0]);
        worker.poCurrentTask(() -> { });
        // a live pool thread, as every worker is: the monitor's look before parking visits it
        HandOffs.of(pool).backups().register(worker);
    }

    /** The monitor's thread: sleeps until it has seen the section. */
    @Actor
    public void monitorThread() {
        monitor.bindThread(Thread.currentThread());
        while ((HandOffState.of(worker).lvSection() & HandOffState.SECTION_IN) == 0) {
            if (monitor.sleepUnlessSectionInProgress(0L)) {
                return;
            }
            // woken (or a spurious return): look again
        }
    }

    /** A section's entry on the worker. */
    @Signal
    public void sectionEntry() {
        if (!HandOffs.of(pool).sections().begin(worker)) {
            throw new IllegalStateException("the section did not begin");
        }
    }
}

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

package io.tidepool.internal.park;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How many parked workers are watching: sleeping with a timeout, so that they look at the
 * other workers' deques every so often while some worker is awake.
 *
 * <p>A running task's first spawn onto an empty deque does not wake a parked worker when
 * somebody watches: the spawning worker usually runs that task itself as soon as the spawner
 * returns (a chain of spawns, a message passed on), and a wake there costs the other worker's
 * start, its search and often a steal of the task the owner was about to run. The watch is the
 * safety net for a spawner that does not return soon (it blocks, or computes for long): a
 * watcher's timed park ends, it sees the task still in the deque, and takes it. A second spawn
 * of the same task wakes a worker at once, as every spawn did before.
 *
 * <p>The one race that matters, and why it cannot strand a task: a watcher stops watching
 * ({@link #leave}, a volatile read-modify-write) and then looks at every deque; a spawner pushes
 * its task (the deque's release store), issues a full fence, and reads {@link #watched}. Either
 * the spawner's read comes after the decrement, sees no watcher when this was the last, and
 * wakes as before, or the watcher's look comes after the push and sees the task. A watcher
 * that starts watching needs no such order: whatever it missed at the start it sees at its
 * first timeout.
 *
 * <p>The count has a cache line to itself: spawners read it on every deferred wake, and it
 * changes only when a worker starts or stops watching.
 */
@SuppressWarnings("unused")
public final class WakeWatch {
    private static final VarHandle WATCHERS;

    static {
        try {
            WATCHERS = MethodHandles.lookup().findVarHandle(WakeWatch.class, "watchers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    private byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    private byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    private byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
    private volatile int watchers;
    private byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    private byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    private byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    private byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;

    /**
     * Whether some parked worker watches. The caller pushed a task and issued a full fence
     * before this read (class doc).
     *
     * @return true if a watcher will look at the caller's deque within its timeout
     */
    public boolean watched() {
        return watchers > 0;
    }

    /** Starts watching: a parked worker that will look at the deques when its park times out. */
    public void enter() {
        WATCHERS.getAndAdd(this, 1);
    }

    /**
     * Stops watching. A volatile read-modify-write: the caller must look at every other worker's
     * deque after it, and wake a worker or take the task when one is not empty (class doc).
     */
    public void leave() {
        WATCHERS.getAndAdd(this, -1);
    }

    /** {@return the number of watching workers} For tests and diagnostics. */
    public int count() {
        return watchers;
    }
}

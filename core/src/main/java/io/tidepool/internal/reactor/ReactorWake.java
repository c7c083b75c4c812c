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

package io.tidepool.internal.reactor;

import io.tidepool.Unpark;
import io.tidepool.internal.park.IdleSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A reactor's wake-up word: whether its thread may be parked, read by submitters after they
 * enqueue, so that a message to an idling core does not wait for the idle strategy's park to
 * time out.
 *
 * <pre>
 *   RUNNING  --no work in a turn: arm()-->        IDLING   (idle strategy may park the thread)
 *   IDLING   --work found: disarm()-->            RUNNING
 *   RUNNING  --idle during SHUTDOWN: sleeping()--> SLEEPING (parked in the pool's IdleSet)
 *   SLEEPING --woken: disarm()-->                 RUNNING
 * </pre>
 *
 * <h2>Why no wake-up is lost (Dekker)</h2>
 * Reactor: volatile store of IDLING ({@link #arm}), then one more full turn that reads every own
 * queue with volatile loads (a lane's {@code isEmpty} reads its producer index), and only then
 * {@code IdleStrategy.idle(0)}, which may park. Submitter: enqueue (the inbox offer ends with a
 * volatile store, its lane unlock, after the queue's stores), then {@link #wakeAfterPublish}
 * reads the state with a volatile load. Volatile accesses are totally ordered: either the
 * submitter's load comes after the store and sees IDLING (it unparks the thread), or it comes
 * before, and then the reactor's later loads see the enqueued element's producer index (it does
 * not idle; a lane queue writes the element before the index, so a non-empty inbox has a task
 * to take). An unpark given before the thread parks is not lost: {@code LockSupport} keeps one
 * permit per thread and the next park returns at once. A stray permit costs one early return.
 *
 * <p>The thread is stored with a volatile store before the first arm, so a submitter that sees
 * IDLING also sees the thread that armed (a backup that takes the core over binds itself first).
 */
public final class ReactorWake {
    /** Running turns; submitters need not wake it. */
    public static final int RUNNING = 0;
    /** Armed: about to idle or idling in its idle strategy; wake with LockSupport.unpark. */
    public static final int IDLING = 1;
    /** Parked in the pool's idle set during SHUTDOWN; wake through the idle set and its park. */
    public static final int SLEEPING = 2;

    private static final VarHandle STATE;
    private static final VarHandle THREAD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(ReactorWake.class, "state", int.class);
            THREAD = lookup.findVarHandle(ReactorWake.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private volatile Thread thread;

    /**
     * Records the calling thread as the reactor's; called by each thread that takes the core,
     * before it may arm.
     */
    public void bind() {
        svThread(Thread.currentThread());
    }

    /** Reactor: about to idle (volatile store; the caller then re-reads every own queue). */
    public void arm() {
        svState(IDLING);
    }

    /** Reactor: about to sleep in the idle set during SHUTDOWN; same protocol as {@link #arm}. */
    public void sleeping() {
        svState(SLEEPING);
    }

    /** Reactor: running again. */
    public void disarm() {
        svState(RUNNING);
    }

    /** {@return whether the reactor is armed} Reactor thread only. */
    public boolean lpArmed() {
        // plain: only the reactor thread writes the state
        return (int) STATE.get(this) != RUNNING;
    }

    /**
     * Submitter, after publishing work to the reactor's queues with a volatile read-modify-write:
     * wakes the reactor if it may be parked.
     *
     * @param idle the pool's idle set (for a reactor sleeping during SHUTDOWN)
     * @param index the reactor's worker index
     * @param unpark the reactor core's park handle (for a reactor sleeping during SHUTDOWN)
     * @param failed told what a throwing {@code unpark} (user code with a custom park) threw
     */
    public void wakeAfterPublish(IdleSet idle, int index, Unpark unpark, Consumer<Throwable> failed) {
        final int s = lvState();
        if (s == IDLING) {
            LockSupport.unpark(lvThread());
        } else if (s == SLEEPING) {
            // off the sleeper stack first: the sleeper loops while it is on it
            idle.unparkById(index);
            try {
                unpark.unpark();
            } catch (Throwable t) {
                // contained as the workers' wakes are: the submission stands (its message is
                // queued), the failure is reported, and the thread itself is unparked, which
                // wakes a park built on LockSupport; the reactor, off the sleeper stack, runs
                // its queue whenever its park returns
                failed.accept(t);
                unparkThread();
            }
        }
    }

    /** Wakes the bound thread whatever the state (shutdown: reactors must see the new state). */
    public void unparkThread() {
        final Thread t = lvThread();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** {@return the state, a volatile load} */
    public int lvState() {
        return (int) STATE.getVolatile(this);
    }

    private void svState(int s) {
        STATE.setVolatile(this, s);
    }

    private Thread lvThread() {
        return (Thread) THREAD.getVolatile(this);
    }

    private void svThread(Thread t) {
        THREAD.setVolatile(this, t);
    }
}

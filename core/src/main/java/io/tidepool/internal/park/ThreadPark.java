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

import io.tidepool.Park;
import io.tidepool.Unpark;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The default {@link Park}: a one-shot permit plus {@link LockSupport}, usable from whichever
 * thread currently runs the worker.
 *
 * <p>{@link #unpark} sets the permit and then unparks the recorded waiter; {@link #park}
 * publishes itself as the waiter and then consumes the permit, so an unpark that lands between
 * the waiter's check and its {@code LockSupport.park} still wakes it (LockSupport keeps its own
 * per-thread permit too).
 */
public final class ThreadPark implements Park, Unpark {
    private static final VarHandle PERMIT;

    static {
        try {
            PERMIT = MethodHandles.lookup().findVarHandle(ThreadPark.class, "permit", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int permit;
    private volatile Thread waiter;

    /** A park with no permit and no waiter. */
    public ThreadPark() {}

    @Override
    public void park() {
        parkFor(-1);
    }

    @Override
    public void park(Duration timeout) {
        parkNanos(timeout.toNanos());
    }

    /**
     * {@link #park(Duration)} without the {@code Duration}: the worker loop parks the default
     * park this way, so a timed park (a worker sleeping until its next timer) allocates nothing
     * even where the JIT cannot take the {@code Duration} apart.
     *
     * @param nanos the longest wait; zero or negative consumes the permit and returns at once
     */
    public void parkNanos(long nanos) {
        if (nanos > 0) {
            parkFor(nanos);
        } else {
            xchgPermit(0);
        }
    }

    private void parkFor(long nanos) {
        final Thread self = Thread.currentThread();
        // volatile store: the unparker's volatile read of waiter after its permit store sees us,
        // or our permit read below sees its store (Dekker on two volatiles)
        svWaiter(self);
        if (xchgPermit(0) == 0 && !self.isInterrupted()) {
            if (nanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
            xchgPermit(0);
        }
        svWaiter(null);
    }

    @Override
    public void unpark() {
        xchgPermit(1);
        final Thread w = lvWaiter();
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    @Override
    public Unpark unparker() {
        return this;
    }

    private int xchgPermit(int value) {
        return (int) PERMIT.getAndSet(this, value);
    }

    private void svWaiter(Thread t) {
        waiter = t;
    }

    private Thread lvWaiter() {
        return waiter;
    }
}

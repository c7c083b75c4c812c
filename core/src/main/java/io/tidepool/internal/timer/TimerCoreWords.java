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

package io.tidepool.internal.timer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The three words of a {@link TimerCore} that threads other than the claim holder touch, with
 * their access modes: the message stack's head, the claim and the wake word (their protocols:
 * {@link TimerCore}'s class comment). Apart so that the protocols' memory accesses read as
 * named steps and the core's logic stays one file.
 */
abstract class TimerCoreWords {
    /** The wake word of a worker that is running, or already being woken. */
    static final long AWAKE = Long.MIN_VALUE;

    private static final VarHandle HEAD;
    private static final VarHandle CLAIM;
    private static final VarHandle WAKE_AT;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(TimerCoreWords.class, "head", TimerNode.class);
            CLAIM = l.findVarHandle(TimerCoreWords.class, "claim", int.class);
            WAKE_AT = l.findVarHandle(TimerCoreWords.class, "wakeAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile TimerNode head;
    private volatile int claim;
    private volatile long wakeAt = AWAKE;

    /** Ends the message stack for good; returns what it held (or {@link TimerCore#CLOSED}). */
    final TimerNode closeStack() {
        return (TimerNode) HEAD.getAndSet(this, TimerCore.CLOSED);
    }

    final void claimSpinning() {
        while (!tryClaim()) {
            Thread.onSpinWait();
        }
    }

    final boolean tryClaim() {
        return CLAIM.compareAndSet(this, 0, 1);
    }

    final void release() {
        // volatile store: the next claimer's CAS reads it, and anyPending's volatile load
        CLAIM.setVolatile(this, 0);
    }

    final int lvClaim() {
        return claim;
    }

    final TimerNode lvHead() {
        return head;
    }

    final boolean casHead(TimerNode expected, TimerNode value) {
        return HEAD.compareAndSet(this, expected, value);
    }

    final long lvWakeAt() {
        return wakeAt;
    }

    final void svWakeAt(long value) {
        wakeAt = value;
    }

    final boolean casWakeAt(long expected, long value) {
        return WAKE_AT.compareAndSet(this, expected, value);
    }
}

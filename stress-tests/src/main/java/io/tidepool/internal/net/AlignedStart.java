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
package io.tidepool.internal.net;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Lines up the two sides of a race between a worker's park and its waker, a
 * {@code Mode.Termination} test or two actors with a judge ({@link #awaitOrRescue}): the actor
 * spins until the signal begins, so both run their protocol at nearly the same moment
 * (jcstress calls a termination test's signal only well after the actor started, by which
 * time it would long be in select). The signal never waits for the actor before its unpark,
 * so the alignment cannot hide a lost wake-up.
 */
abstract class AlignedStart {
    /**
     * How long {@link #awaitOrRescue} lets a woken park take to return, counted only in steps
     * of at most {@link #STEP_NANOS} (see there): far above the delay of an owner thread
     * preempted on a loaded machine.
     */
    static final long PATIENCE_NANOS = 1_000_000_000L;
    /**
     * The longest step between two looks of the judge that counts towards its patience: a
     * longer one means the judge itself was not running (descheduled, or the whole JVM stopped
     * at a safepoint for a collection), and the owner may not have run either.
     */
    static final long STEP_NANOS = 10_000_000L;
    /** Trials so far: each gets a different delay. */
    private static final AtomicInteger TRIALS = new AtomicInteger();
    private final int delay = (TRIALS.getAndIncrement() & 127) * 16;
    private volatile boolean started;

    /**
     * Called first by the signal: releases the actor, then spins for a delay that differs from
     * trial to trial (0 to 2032 spin-wait hints, in steps of 16). Without it the actor, released by the same
     * store, would nearly always see the signal's condition already set and never park; with
     * it the signal's protocol meets the park at every stage: before the flag, between flag
     * and permit, in select.
     */
    final void start() {
        started = true;
        for (int i = delay; i > 0; i--) {
            Thread.onSpinWait();
        }
    }

    /**
     * Called by the actor between its check of the condition and its park, as a worker does
     * work there (it gives up its searching state and looks at the queues once more): a window
     * in which the signal can set the condition and unpark before the park has begun.
     */
    final void gap() {
        for (int i = 0; i < 512; i++) {
            Thread.onSpinWait();
        }
    }

    /** Called first by the actor: returns once the signal has begun. */
    final void awaitStart() {
        while (!started) {
            Thread.onSpinWait();
        }
    }

    /**
     * The judge of a race run with two actors instead of as a termination test (jcstress's
     * {@code -m sanity} gives a termination test no time, so it runs no trial there): called
     * by the signalling actor after it set the owner's condition and unparked, it waits for the
     * owner to get out ({@code returned}). A park still waiting {@link #PATIENCE_NANOS} after
     * the unpark (counted as {@link #STEP_NANOS} says) lost it; the judge then ends that select with a {@code wakeup()} of its own
     * so that the trial ends, and says so.
     *
     * @param returned whether the owner got out of its park loop
     * @param selector the selector the owner waits in
     * @return whether the owner had to be rescued (a lost wake-up)
     */
    static boolean awaitOrRescue(BooleanSupplier returned, Selector selector) {
        // patience counted in short steps only, so that time in which this thread (and so,
        // perhaps, the owner) did not run does not count: a loaded machine or a long
        // collection pause must not pass for a lost wake-up
        long waited = 0;
        long last = System.nanoTime();
        boolean rescued = false;
        while (!returned.getAsBoolean()) {
            final long now = System.nanoTime();
            final long step = now - last;
            last = now;
            if (step <= STEP_NANOS) {
                waited += step;
            }
            if (!rescued && waited > PATIENCE_NANOS) {
                rescued = true;
                selector.wakeup();
            }
            // leaves the CPU to the owner on a machine with more runnable threads than CPUs
            Thread.yield();
        }
        return rescued;
    }

    /**
     * Called by an actor after each park whose exit condition the signal sets before it
     * unparks. jcstress interrupts an actor that does not terminate, and an interrupt ends a
     * select: such an actor would then see the condition and terminate, and a lost wake-up
     * would pass as TERMINATED. An interrupt here means the park was not woken by the
     * signal, so the actor stays where it is, reported STALE.
     */
    final void staleIfInterrupted() {
        if (Thread.interrupted()) {
            while (true) {
                Thread.onSpinWait();
            }
        }
    }
}

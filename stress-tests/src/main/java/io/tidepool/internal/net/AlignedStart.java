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

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lines up the two sides of a {@code Mode.Termination} test: the actor spins until the signal
 * begins, so both run their protocol at nearly the same moment (jcstress calls the signal only
 * well after the actor started, by which time it would long be in select). The signal never
 * waits for the actor, so the alignment cannot hide a lost wake-up.
 */
abstract class AlignedStart {
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

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

/**
 * Lines up the two sides of a {@code Mode.Termination} test: the actor spins until the signal
 * begins, so both run their protocol at the same moment (jcstress calls the signal only well
 * after the actor started, by which time it would long be in select). The signal never waits
 * for the actor, so the alignment cannot hide a lost wake-up.
 */
abstract class AlignedStart {
    private volatile boolean started;

    /** Called first by the signal. */
    final void start() {
        started = true;
    }

    /** Called first by the actor: returns once the signal has begun. */
    final void awaitStart() {
        while (!started) {
            Thread.onSpinWait();
        }
    }
}

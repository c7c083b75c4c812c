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

/**
 * How a reactor waits between loop turns: tidepool's own {@link BackoffIdle} by default, or an
 * adapted Agrona strategy ({@link AgronaIdle}) when the user chose one. One instance per
 * reactor, used by that reactor's thread only; at most these two implementations exist, so the
 * call in the reactor loop stays bimorphic.
 */
public interface ReactorIdle {
    /**
     * Called at the end of every loop turn with the work it did.
     *
     * @param workCount the messages, tasks and poller calls of the turn; greater than zero
     *     resets the strategy, zero idles one step (spin, yield or park, as the strategy says)
     */
    void idle(int workCount);

    /**
     * {@return whether {@link #idle(int)} may park the thread; a reactor whose strategy never
     * parks needs no wake-up from submitters}
     */
    boolean mayPark();
}

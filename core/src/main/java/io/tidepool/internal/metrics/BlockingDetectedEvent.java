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

package io.tidepool.internal.metrics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A task was found blocking a worker without having declared a blocking section: emitted once
 * per stuck task by the pool's detector ({@code ThreadPoolBuilder.detectBlocking}), on the
 * detector's thread, so the event's own stack trace is off and the stuck thread's stack is a
 * field. The field meanings are its contract.
 */
@Name("io.tidepool.BlockingDetected")
@Label("Blocking Detected")
@Category({"tidepool", "Blocking"})
@Description("A task held a worker past the detection limit without a blocking section")
@StackTrace(false)
public final class BlockingDetectedEvent extends jdk.jfr.Event {
    /** Pool name. */
    @Label("Pool")
    public String pool;

    /** Index of the blocked worker. */
    @Label("Worker")
    public int worker;

    /** Name of the stuck thread. */
    @Label("Thread")
    public String thread;

    /** Class of the task that blocks. */
    @Label("Task Class")
    public String taskClass;

    /** How long the task had run when it was detected (at least; measured from the detector's first sight of it). */
    @Label("Blocked For")
    @Timespan(Timespan.NANOSECONDS)
    public long blockedFor;

    /** The task's {@code toString()}. */
    @Label("Task")
    public String task;

    /** Whether the worker's queues were handed to a backup thread (false: no permit free). */
    @Label("Retaken")
    public boolean retaken;

    /** The stuck thread's stack when it was detected, one frame a line. */
    @Label("Stack Trace of the Stuck Thread")
    public String stuckStackTrace;

    /** An event with empty fields; the emitter fills them in before {@code commit()}. */
    public BlockingDetectedEvent() {}
}

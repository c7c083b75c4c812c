package io.tidepool.internal.metrics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A worker slept: from the moment it parked to the moment it woke. Disabled by default (a
 * ping-pong workload parks hundreds of thousands of times a second); enable it in the recording
 * settings.
 */
@Name("io.tidepool.WorkerPark")
@Label("Worker Park")
@Category({"tidepool", "Scheduler"})
@Description("A worker found no task and slept until woken")
@Enabled(false)
@Threshold("0 ms")
@StackTrace(false)
final class WorkerParkEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;

    @Label("Worker")
    int worker;
}

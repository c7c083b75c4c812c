package io.tidepool.internal.metrics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A task was found blocking a worker without having declared a blocking section. Defined here
 * for blocking detection (not emitted yet); the field meanings are its contract.
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

    /** Class of the task that blocks. */
    @Label("Task Class")
    public String taskClass;

    /** How long the task had run when it was detected. */
    @Label("Blocked For")
    @Timespan(Timespan.NANOSECONDS)
    public long blockedFor;

    /** An event with empty fields; the emitter fills them in before {@code commit()}. */
    public BlockingDetectedEvent() {}
}

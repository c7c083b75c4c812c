package io.tidepool.internal.metrics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A blocking section handed the worker's core to another thread. The event begins at the
 * hand-off and is committed when the section's body ends, so its duration is the section's;
 * the stack trace is that of the section's thread at the end of the body. The field meanings
 * are its contract.
 */
@Name("io.tidepool.BlockingHandOff")
@Label("Blocking Hand-off")
@Category({"tidepool", "Blocking"})
@Description("A task entered a blocking section and its worker's queues moved to another thread")
@StackTrace(true)
public final class BlockingHandOffEvent extends jdk.jfr.Event {
    /** Pool name. */
    @Label("Pool")
    public String pool;

    /** Index of the worker whose core moved. */
    @Label("Worker")
    public int worker;

    /** Name of the thread that received the core. */
    @Label("Receiving Thread")
    public String receiver;

    /** An event with empty fields; the emitter fills them in before {@code commit()}. */
    public BlockingHandOffEvent() {}
}

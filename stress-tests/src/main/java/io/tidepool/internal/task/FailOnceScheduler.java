package io.tidepool.internal.task;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake pool whose first reschedule throws (as a waker at its stack limit would), after or
 * before queuing the cell; every later one queues it.
 */
final class FailOnceScheduler implements TaskScheduler {
    final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final boolean queueBeforeFailing;

    /** @param queueBeforeFailing whether the failing reschedule queues the cell before it throws */
    FailOnceScheduler(boolean queueBeforeFailing) {
        this.queueBeforeFailing = queueBeforeFailing;
    }

    @Override
    public boolean reschedule(Runnable task) {
        if (failed.compareAndSet(false, true)) {
            if (queueBeforeFailing) {
                queue.add(task);
            }
            throw new StackOverflowError("injected");
        }
        queue.add(task);
        return true;
    }

    @Override
    public void taskTerminated(AsyncTaskCell<?> cell) {
        // the tests' tasks never end
    }

    /** Runs every queued copy of the cell. */
    void runQueued() {
        Runnable task;
        while ((task = queue.poll()) != null) {
            task.run();
        }
    }
}

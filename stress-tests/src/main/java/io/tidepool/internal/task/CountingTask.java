package io.tidepool.internal.task;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;

/**
 * An async task that returns pending for its first {@code pendingPolls} polls and then
 * {@code "done"}, counting its polls. Polls never overlap (the cell's state machine runs one at
 * a time), and tests read {@link #polls} only after the actors or in the arbiter.
 */
final class CountingTask implements AsyncTask<String> {
    private final int pendingPolls;
    private volatile int polls;

    CountingTask(int pendingPolls) {
        this.pendingPolls = pendingPolls;
    }

    @Override
    public Poll<String> poll(TaskContext cx) {
        final int n = polls + 1;
        polls = n;
        return n > pendingPolls ? Poll.ready("done") : Poll.pending();
    }

    int polls() {
        return polls;
    }
}

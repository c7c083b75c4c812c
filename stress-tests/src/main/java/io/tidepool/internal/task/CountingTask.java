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

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
 * A task ran longer than the pool's long-poll threshold. Committed when the task returns, on
 * its worker thread; the event's own start time is that moment, the poll time is a field.
 */
@Name("io.tidepool.LongPoll")
@Label("Long Poll")
@Category({"tidepool", "Scheduler"})
@Description("A task (a Runnable's run or an AsyncTask's poll) held a worker longer than the"
        + " pool's long-poll threshold")
@StackTrace(false)
final class LongPollEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;

    @Label("Worker")
    int worker;

    @Label("Task Class")
    String taskClass;

    @Label("Poll Time")
    @Timespan(Timespan.NANOSECONDS)
    long pollTime;
}

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

/**
 * Submissions from outside the pool found its bound reached and went to the rejection handler.
 * Throttled: at most one event per pool per {@link Rejections#EVENT_INTERVAL_NANOS}, carrying
 * how many rejections it stands for; committed on the submitting thread.
 */
@Name("io.tidepool.Rejection")
@Label("Rejection")
@Category({"tidepool", "Scheduler"})
@Description("Submissions found the pool's maxQueued bound reached and went to its rejection"
        + " handler; one event stands for every rejection since the pool's previous one")
@StackTrace(false)
final class RejectionEvent extends jdk.jfr.Event {
    @Label("Pool")
    String pool;

    @Label("Task Class")
    String taskClass;

    @Label("Max Queued")
    int maxQueued;

    @Label("Rejections")
    @Description("Rejections since the previous event of this pool, this one included")
    long rejections;

    @Label("Total Rejections")
    long totalRejections;
}

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

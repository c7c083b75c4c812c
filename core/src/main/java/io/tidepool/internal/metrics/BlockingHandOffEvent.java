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

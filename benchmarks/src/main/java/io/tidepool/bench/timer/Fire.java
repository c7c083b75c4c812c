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

package io.tidepool.bench.timer;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;

/**
 * A timer's action, usable by every peer without a wrapper: a {@link Runnable} for the
 * {@link java.util.concurrent.ScheduledExecutorService}s and a Netty {@link TimerTask} for
 * {@code HashedWheelTimer}, so that scheduling allocates only what the timer itself allocates.
 */
public abstract class Fire implements Runnable, TimerTask {
    /** Runs {@link #run()}; Netty's entry point. */
    @Override
    public final void run(Timeout timeout) {
        run();
    }
}

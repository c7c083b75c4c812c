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

/**
 * The timers of a pool, summed over its workers, as read for a metrics snapshot.
 *
 * @param armed timers in the wheels now (delayed tasks, sleeps, timeouts)
 * @param armedTotal timers armed since the pool started (a periodic task counts once per run)
 * @param fired timers that expired
 * @param cancelled timers cancelled before they expired
 * @param lateness bucket counts of the expiry time minus the deadline
 *     ({@link HistogramBuckets} layout)
 */
public record TimerSample(long armed, long armedTotal, long fired, long cancelled, long[] lateness) {
    /** {@return a one-line summary} */
    public String summary() {
        return "timers armed = " + armed + ", fired = " + fired + ", cancelled = " + cancelled;
    }
}

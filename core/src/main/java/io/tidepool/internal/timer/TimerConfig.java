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
package io.tidepool.internal.timer;

/**
 * A pool's timer settings, as the builder validated them.
 *
 * @param clock the timers' clock ({@link TimerClock#SYSTEM}, or a virtual one)
 * @param delayedAfterShutdown whether delayed tasks still run after {@code shutdown()}
 * @param periodicAfterShutdown whether periodic tasks go on after {@code shutdown()}
 */
public record TimerConfig(TimerClock clock, boolean delayedAfterShutdown, boolean periodicAfterShutdown) {
    /** The system clock and {@code ScheduledThreadPoolExecutor}'s default policies. */
    public static final TimerConfig DEFAULT = new TimerConfig(TimerClock.SYSTEM, true, false);
}

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
 * What the timers need from their pool (the worker layer implements it; this layer sits below
 * it and imports nothing of it).
 */
public interface TimerHost {
    /** {@return the timers of the worker the calling thread runs for this pool, or null} */
    TimerCore currentTimers();

    /** {@return whether the calling thread is one of the pool's threads} */
    boolean insidePool();

    /** {@return whether {@code shutdown()} or {@code shutdownNow()} was called} A volatile load. */
    boolean isShutdown();

    /** {@return whether {@code shutdownNow()} was called} A volatile load. */
    boolean isStopped();
}

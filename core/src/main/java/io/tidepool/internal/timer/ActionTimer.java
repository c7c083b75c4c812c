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
 * A timer that runs a short action on the expiring worker (a task handle's timeout). Its
 * {@link #run} disarms it.
 */
final class ActionTimer extends TimerNode implements Runnable {
    private final Runnable action;

    ActionTimer(long deadline, Runnable action) {
        this.deadline = deadline;
        this.action = action;
    }

    @Override
    protected Runnable expire(long now) {
        try {
            action.run();
            return null;
        } catch (Throwable t) {
            return () -> {
                throw new IllegalStateException("a timer's action failed", t);
            };
        }
    }

    /** Disarms the timer (the handle completed first). */
    @Override
    public void run() {
        cancelTimer(CANCELLED);
    }
}

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
 * A timer that runs a short action on the pool (a task handle's timeout): expiry pushes this
 * object on the expiring worker's deque, never running the action under the wheel's claim
 * (completing a handle runs its dependents, foreign code).
 */
final class ActionTimer extends TimerNode implements Runnable {
    private final Runnable action;

    ActionTimer(long deadline, Runnable action) {
        this.deadline = deadline;
        this.action = action;
    }

    @Override
    protected Runnable expire(long now) {
        return this;
    }

    /** Runs the action: a task on the pool, after the timer fired. */
    @Override
    public void run() {
        action.run();
    }

    /** Disarms the timer (the handle completed first). */
    void disarm() {
        cancelTimer(CANCELLED);
    }
}

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

package io.tidepool;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The child JVM of {@link JfrRegistrationTest}: builds a one-worker pool whose worker is held
 * in its {@code afterStart} hook, so it has not parked yet, then prints whether tidepool's JFR
 * events are already registered. Exits 0 either way; the test reads the line.
 */
final class JfrRegistrationMain {
    /** What the child prints before the answer. */
    static final String PREFIX = "registered by build: ";

    private JfrRegistrationMain() {}

    /**
     * Runs the check.
     *
     * @param args none
     * @throws InterruptedException if interrupted while waiting for the pool to end
     */
    public static void main(String[] args) throws InterruptedException {
        final CountDownLatch hold = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).afterStart(() -> {
            try {
                hold.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
        boolean registered = false;
        for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
            registered |= type.getName().equals("io.tidepool.WorkerPark");
        }
        System.out.println(PREFIX + registered);
        hold.countDown();
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate: " + pool);
        }
    }
}

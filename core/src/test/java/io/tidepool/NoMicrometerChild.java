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

/**
 * The main class of {@link OptionalMicrometerTest}'s child JVMs: uses a pool as an application
 * that never heard of Micrometer does (tasks, metrics, summary, close) and prints what it saw.
 * With the argument {@code probe} it also says whether Micrometer is on its class path (probing
 * loads a class, so the run that checks class loading does not probe).
 */
public final class NoMicrometerChild {
    private NoMicrometerChild() {}

    /**
     * Runs the pool.
     *
     * @param args {@code probe} to report whether Micrometer's registry class can be found
     * @throws Exception if the tasks do not run in time
     */
    public static void main(String[] args) throws Exception {
        final int n = 100;
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("no-micrometer")
                .pollTimeHistogram(true).build();
        final CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(done::countDown);
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tasks did not run: " + pool);
        }
        pool.close();
        final long polls = pool.metrics().pollCount();
        if (!pool.toString().contains("no-micrometer")) {
            throw new IllegalStateException("summary lacks the name: " + pool);
        }
        String micrometer = "unprobed";
        if (args.length > 0 && args[0].equals("probe")) {
            try {
                Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
                        NoMicrometerChild.class.getClassLoader());
                micrometer = "present";
            } catch (ClassNotFoundException expected) {
                micrometer = "absent";
            }
        }
        System.out.println("polls=" + polls + " micrometer=" + micrometer);
    }
}

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

import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JFR events land in an in-process recording. */
@Timeout(60)
class PoolJfrTest {

    /** A task that spins long enough to be a long poll; its class name is what the event names. */
    static final class SlowTask implements Runnable {
        private final CountDownLatch done;

        SlowTask(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public void run() {
            PoolMetricsTest.spin(TimeUnit.MILLISECONDS.toNanos(60));
            done.countDown();
        }
    }

    /**
     * The same, under a class name of its own: a class name another test's recording in this
     * JVM already wrote may read back as null from a later recording (JFR's string pool).
     */
    static final class DecoratedSlowTask implements Runnable {
        private final SlowTask slow;

        DecoratedSlowTask(CountDownLatch done) {
            this.slow = new SlowTask(done);
        }

        @Override
        public void run() {
            slow.run();
        }
    }

    @Test
    void shouldRecordALongPollEventForATaskOverTheThreshold(@TempDir Path dir) throws Exception {
        recordLongPoll(dir, SlowTask::new, SlowTask.class, b -> b);
    }

    @Test
    void shouldNameTheSubmittedTaskNotTheDecoratorsWrapper(@TempDir Path dir) throws Exception {
        recordLongPoll(dir, DecoratedSlowTask::new, DecoratedSlowTask.class,
                b -> b.taskDecorator(task -> () -> task.run())
                .contextPropagator(new ContextPropagator() {
                    @Override
                    public Object capture() {
                        return null;
                    }

                    @Override
                    public Scope restore(Object captured) {
                        return () -> { };
                    }
                }));
    }

    private static void recordLongPoll(Path dir, Function<CountDownLatch, Runnable> task,
            Class<?> taskClass, UnaryOperator<ThreadPoolBuilder> options) throws Exception {
        final Path file = dir.resolve("long-poll.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.tidepool.LongPoll");
            recording.enable("io.tidepool.WorkerPark");
            recording.start();
            final ThreadPool pool = options.apply(ThreadPool.builder().poolSize(2).namePrefix("jfr-pool")
                    .longPollThreshold(Duration.ofMillis(30))).build();
            final CountDownLatch done = new CountDownLatch(1);
            pool.execute(task.apply(done));
            await(done, "the slow task");
            shutdownAndAwait(pool);
            assertEquals(1, pool.metrics().longPollCount(), pool::toString);
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        final List<RecordedEvent> longPolls = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.tidepool.LongPoll"))
                .collect(Collectors.toList());
        assertEquals(1, longPolls.size(), () -> "long polls: " + longPolls);
        final RecordedEvent e = longPolls.get(0);
        assertEquals("jfr-pool", e.getString("pool"));
        assertEquals(taskClass.getName(), e.getString("taskClass"));
        assertTrue(e.getDuration("pollTime").compareTo(Duration.ofMillis(60)) >= 0, e::toString);
        final int worker = e.getInt("worker");
        assertTrue(worker == 0 || worker == 1, e::toString);
        final long parks = events.stream()
                .filter(x -> x.getEventType().getName().equals("io.tidepool.WorkerPark"))
                .count();
        assertTrue(parks >= 1, "no park event among " + events.size() + " events");
        assertTrue(Files.size(file) > 0);
    }
}

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

import static io.tidepool.TestSupport.WAIT_SECONDS;
import static io.tidepool.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * tidepool logs through {@link System.Logger}; an application on SLF4J routes those records
 * with {@code org.slf4j:slf4j-jdk-platform-logging} on its class path and nothing else. Here a
 * real record (the stuck-worker detector's warning) travels that route into Logback.
 */
@Timeout(60)
class SystemLoggerToSlf4jTest {
    /** Keeps the events of one pool and opens a latch at the first. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        final String pool;
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch logged = new CountDownLatch(1);

        Capture(String pool) {
            this.pool = pool;
        }

        @Override
        protected void append(ILoggingEvent e) {
            // other tests' pools may log to the same logger: keep only this test's
            if (e.getFormattedMessage().startsWith("Pool " + pool + ":")) {
                events.add(e);
                logged.countDown();
            }
        }
    }

    @Test
    void aDetectionWarningShouldArriveInSlf4jUnderThePoolsLoggerName() throws Exception {
        assertEquals("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder",
                System.LoggerFinder.getLoggerFinder().getClass().getName(),
                "slf4j-jdk-platform-logging is not the JDK's LoggerFinder");
        final Logger target = (Logger) LoggerFactory.getLogger("io.tidepool.ThreadPool");
        final Capture capture = new Capture("slf4j-route");
        capture.setContext(target.getLoggerContext());
        capture.start();
        target.addAppender(capture);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("slf4j-route")
                .detectBlocking(Duration.ofMillis(50)).build();
        try {
            final Runnable stuck = new Runnable() {
                @Override
                public void run() {
                    try {
                        // blocks without a blocking section until the report has been logged
                        capture.logged.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public String toString() {
                    return "StuckUntilLogged";
                }
            };
            pool.execute(stuck);
            await(capture.logged, "the detector's warning in SLF4J");
        } finally {
            target.detachAppender(capture);
            pool.close();
        }
        assertEquals(1, capture.events.size(), capture.events::toString);
        final ILoggingEvent e = capture.events.get(0);
        assertEquals(Level.WARN, e.getLevel());
        assertEquals("io.tidepool.ThreadPool", e.getLoggerName());
        final String message = e.getFormattedMessage();
        assertTrue(message.startsWith("Pool slf4j-route: worker 0 (thread slf4j-route-worker-0)"),
                message);
        assertTrue(message.contains("running task StuckUntilLogged for "), message);
        assertTrue(message.contains("Stack of the stuck thread:"), message);
    }
}

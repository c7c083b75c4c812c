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

package io.tidepool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidepool.Histogram;
import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolMXBean;
import io.tidepool.WorkerMetrics;
import io.tidepool.micrometer.TidepoolMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/observability.md, each run and checked, and its sample output. */
class ObservabilitySnippetsTest {
    private static final String GUIDE = "docs/guide/observability.md";

    /** Digits, hashes and durations vary from run to run; the shape of a line does not. */
    private static String shape(String text) {
        return text.replaceAll("@[0-9a-f]+", "@H").replaceAll("PT[0-9.]+S", "PT#S")
                .replaceAll("\\d+", "#").replaceAll("\\s+", " ").strip();
    }

    /** A scrape line with its numbers, plain or in E notation, as {@code #}. */
    private static String scrapeShape(String line) {
        return line.replaceAll("\\d+(\\.\\d+)?(E-?\\d+)?", "#").strip();
    }

    @Test
    void metricsSnapshot() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("orders").build();
        final CountDownLatch ran = new CountDownLatch(1_000);
        for (int i = 0; i < 1_000; i++) {
            pool.execute(ran::countDown);
        }
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        final String out = Console.capture(() -> {
            // tag::metrics-snapshot[]
            PoolMetrics m = pool.metrics();       // any thread, any time; never stops a worker
            System.out.println(m);                // one line; pool.toString() prints it too
            for (WorkerMetrics w : m.workers()) {
                System.out.println(w);
            }
            long queued = m.queuedTasks();        // a gauge: tasks waiting in deques and inboxes
            long polls = m.pollCount();           // a counter: only grows
            // end::metrics-snapshot[]
            assertEquals(0, queued);
            assertEquals(1_000, polls);
        });
        final String[] lines = out.split("\n");
        final String[] sample = DocFiles.sample(GUIDE, "metrics-output").split("\n");
        assertEquals(3, lines.length, out);
        assertEquals(shape(sample[0] + " " + sample[1] + " " + sample[2]), shape(lines[0]));
        assertEquals(shape(sample[3]), shape(lines[1]));
        assertEquals(shape(sample[4]), shape(lines[2]));
        assertTrue(pool.toString().endsWith(lines[0]), pool + " / " + lines[0]);
    }

    @Test
    void histograms() throws Exception {
        // tag::histograms[]
        ThreadPool pool = ThreadPool.builder()
                .pollTimeHistogram(true)            // times every task
                .scheduleLatencyHistogram(true)     // submit-to-start delay of every task
                .build();
        // end::histograms[]
        final CountDownLatch ran = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            pool.execute(ran::countDown);
        }
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        pool.close();
        final String out = Console.capture(() -> {
            // tag::histogram-read[]
            Histogram polls = pool.metrics().pollTimeHistogram().orElseThrow();
            Histogram waits = pool.metrics().scheduleLatencyHistogram().orElseThrow();
            System.out.println("p99 poll <= " + polls.quantileUpperBound(0.99)
                    + ", p99 wait <= " + waits.quantileUpperBound(0.99));
            // end::histogram-read[]
            assertEquals(100, polls.totalCount());
            assertEquals(100, waits.totalCount());
        });
        assertTrue(out.matches("p99 poll <= PT[0-9.]+S, p99 wait <= PT[0-9.]+S\n"), out);
    }

    @Test
    void jmx() throws Exception {
        final String out = Console.capture(() -> {
            // tag::jmx[]
            try (ThreadPool pool = ThreadPool.builder().namePrefix("orders").jmx(true).build()) {
                ThreadPoolMXBean mx = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                        new ObjectName("io.tidepool:type=ThreadPool,name=orders"),
                        ThreadPoolMXBean.class);
                System.out.println(mx.getPoolSize() + " workers, state " + mx.getState());
            }   // the MBean is unregistered before the pool reports termination
            // end::jmx[]
        });
        assertEquals(Runtime.getRuntime().availableProcessors() + " workers, state RUNNING\n", out);
        assertTrue(ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.tidepool:type=ThreadPool,name=orders"), null).isEmpty());
    }

    @Test
    void longPolls() throws Exception {
        // tag::long-poll[]
        ThreadPool pool = ThreadPool.builder()
                .longPollThreshold(Duration.ofMillis(10))   // count (and JFR-report) tasks of 10 ms+
                .build();
        // end::long-poll[]
        final CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            final long end = System.nanoTime() + 20_000_000L;
            started.countDown();
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        pool.close();
        assertEquals(1, pool.metrics().longPollCount());
    }

    @Test
    void micrometer() throws Exception {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // tag::micrometer[]
        ThreadPool pool = ThreadPool.builder()
                .namePrefix("orders")                   // the meters' name tag
                .pollTimeHistogram(true)                // optional: its buckets are published too
                .build();
        new TidepoolMetrics(pool, Tags.of("service", "checkout")).bindTo(registry);  // any MeterRegistry
        // end::micrometer[]
        final int n = 1_000;
        final CountDownLatch ran = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(ran::countDown);
        }
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        pool.close();
        final String scrape = registry.scrape();
        final List<String> shapes = Arrays.stream(scrape.split("\n"))
                .filter(l -> !l.startsWith("#")).map(ObservabilitySnippetsTest::scrapeShape)
                .collect(Collectors.toList());
        for (String line : DocFiles.sample(GUIDE, "micrometer-scrape").split("\n")) {
            assertTrue(shapes.contains(scrapeShape(line)), () -> "no line like " + line + " in\n" + scrape);
        }
        assertTrue(scrape.contains("executor_completed_tasks_total{name=\"orders\",service=\"checkout\"} "
                + n + ".0"), scrape);
        assertTrue(scrape.contains("tidepool_poll_time_buckets_total{le=\"+Inf\",name=\"orders\","
                + "service=\"checkout\"} " + n + ".0"), scrape);
    }
}

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

package io.tidepool.bench.examples;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidepool.RejectionHandler;
import io.tidepool.ThreadPool;
import io.tidepool.micrometer.TidepoolMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A service-style setup: one bounded tidepool as the executor of a request-handling service,
 * its figures published through Micrometer (rejections included), and the registry printed at
 * the end.
 *
 * <p>Each request arrives from outside the pool (a connection thread in a real server), runs a
 * handler on the pool, fans its work out as tasks spawned from inside the pool, waits for a
 * simulated database call on a {@code spawnBlocking} thread, and completes a future. The steps
 * are separate methods ({@link #newPool}, {@link #bindMetrics}, {@link #handle}) so that each
 * can take more configuration without changing the others.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.examples.ServiceExample [--requests 2000]
 * </pre>
 */
public final class ServiceExample {
    /** Parts of the work of one request that run as tasks of their own. */
    private static final int PARTS = 4;
    /** How long the simulated database call blocks. */
    private static final long DATABASE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private ServiceExample() {}

    /**
     * Serves the requests, then prints every meter of the registry.
     *
     * @param args {@code --requests N}: how many requests to serve (default 2000)
     * @throws Exception if the requests do not complete within a minute
     */
    public static void main(String[] args) throws Exception {
        final int requests = requests(args);
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final ThreadPool pool = newPool();
        bindMetrics(pool, registry);
        final List<CompletableFuture<Long>> responses = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            responses.add(handle(pool, i));
        }
        long checksum = 0;
        for (CompletableFuture<Long> r : responses) {
            checksum += r.get(1, TimeUnit.MINUTES);
        }
        pool.close();   // a terminated pool has published every count
        System.out.println(requests + " requests served, checksum " + checksum);
        System.out.println(registry.getMetersAsString());
    }

    /**
     * The service's executor: bounded (a burst of requests beyond 1,000 waiting is handled on the
     * submitting thread, which slows the producer down), with the histograms a service wants to
     * watch.
     */
    static ThreadPool newPool() {
        return ThreadPool.builder()
                .namePrefix("orders")
                .maxQueued(1_000)
                .rejectionHandler(RejectionHandler.callerRuns())
                .pollTimeHistogram(true)
                .scheduleLatencyHistogram(true)
                .build();
    }

    /** Publishes the pool's figures, tagged with the service name. */
    static void bindMetrics(ThreadPool pool, MeterRegistry registry) {
        new TidepoolMetrics(pool, Tags.of("service", "orders-api")).bindTo(registry);
    }

    /**
     * One request: a handler on the pool spawns {@link #PARTS} computations and a blocking
     * lookup, and the response completes when all have.
     */
    static CompletableFuture<Long> handle(ThreadPool pool, int request) {
        final CompletableFuture<Long> response = new CompletableFuture<>();
        pool.execute(() -> {
            final List<CompletableFuture<Long>> parts = new ArrayList<>(PARTS + 1);
            for (int p = 0; p < PARTS; p++) {
                final CompletableFuture<Long> part = new CompletableFuture<>();
                final long seed = request * 31L + p;
                pool.spawn(() -> part.complete(compute(seed)));   // from inside: the worker's deque
                parts.add(part);
            }
            parts.add(pool.spawnBlocking(() -> lookUp(request)));
            CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                    .thenApply(done -> parts.stream().mapToLong(CompletableFuture::join).sum())
                    .whenComplete((sum, failure) -> {
                        if (failure != null) {
                            response.completeExceptionally(failure);
                        } else {
                            response.complete(sum);
                        }
                    });
        });
        return response;
    }

    /** A few microseconds of arithmetic. */
    private static long compute(long seed) {
        long x = seed;
        for (int i = 0; i < 2_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x & 0xff;
    }

    /** A database call: blocks its thread for a while, so it belongs on spawnBlocking. */
    private static long lookUp(int request) {
        LockSupport.parkNanos(DATABASE_NANOS);
        return request % 7;
    }

    private static int requests(String[] args) {
        int requests = 2_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--requests") && i + 1 < args.length) {
                requests = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (usage: ServiceExample [--requests N])");
            }
        }
        if (requests <= 0) {
            throw new IllegalArgumentException("--requests must be > 0: " + requests);
        }
        return requests;
    }
}

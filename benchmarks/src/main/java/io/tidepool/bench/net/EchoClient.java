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


package io.tidepool.bench.net;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The comparison's load generator: a closed loop over N connections. Each connection sends a
 * payload, waits for all of it to come back, checks it byte for byte, and sends again at once,
 * so each connection has exactly one echo in flight; a few client threads each drive their
 * share of the connections through one {@link java.nio.channels.Selector} (see
 * {@link ClientLoop}).
 *
 * <p>Before the clock starts, every connection completes one untimed echo
 * ({@link ClientLoop#prime}), so the server has accepted them all. Then a run has two phases on
 * one clock: a warm-up (the JIT compiles both sides, the server
 * accepts every connection) and a measurement window. Only round trips that complete inside the
 * window count, for throughput and latency alike; the latency of a round trip runs from just
 * before its first {@code write} to the read that completes its echo.
 */
final class EchoClient {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** How long every connection's first echo may take, all together (class loading, accepts). */
    static final long PRIME_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private EchoClient() {
    }

    /**
     * One run's shape.
     *
     * @param connections connections to open and keep busy, at least 1
     * @param payloadBytes bytes per echo, at least 1
     * @param threads client threads, at least 1 (capped at {@code connections})
     * @param warmupNanos warm-up before the window, at least 0
     * @param measureNanos the measurement window, at least 1 ms
     */
    record Settings(int connections, int payloadBytes, int threads, long warmupNanos, long measureNanos) {
        Settings {
            if (connections < 1) {
                throw new IllegalArgumentException("connections must be >= 1: " + connections);
            }
            if (payloadBytes < 1) {
                throw new IllegalArgumentException("payloadBytes must be >= 1: " + payloadBytes);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("client threads must be >= 1: " + threads);
            }
            if (warmupNanos < 0) {
                throw new IllegalArgumentException("warm-up must be >= 0 ns: " + warmupNanos);
            }
            if (measureNanos < TimeUnit.MILLISECONDS.toNanos(1)) {
                throw new IllegalArgumentException("measurement must be >= 1 ms: " + measureNanos + " ns");
            }
        }
    }

    /**
     * Opens the connections, runs the warm-up and the window, closes the connections.
     *
     * @param server the server's name, copied into the result
     * @param address where the server listens
     * @param settings the run's shape
     * @return what the window measured
     * @throws IOException if a connection cannot be opened
     * @throws InterruptedException if interrupted while waiting for the client threads
     */
    static EchoResult run(String server, InetSocketAddress address, Settings settings)
            throws IOException, InterruptedException {
        return run(server, address, settings, Window.NONE);
    }

    /**
     * What runs on the coordinating thread at the edges of the measurement window: for a
     * probe that counts what the server does in the window only (see {@link EchoCost}).
     */
    interface Window {
        /** Nothing at either edge. */
        Window NONE = new Window() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        /** Called once the warm-up is over, just before the window's CPU clock is read. */
        void opened();

        /** Called at the end of the window, just after the CPU clock is read. */
        void closed();
    }

    /**
     * As {@link #run(String, InetSocketAddress, Settings)}, calling {@code window} at the edges
     * of the measurement window.
     */
    static EchoResult run(String server, InetSocketAddress address, Settings settings, Window window)
            throws IOException, InterruptedException {
        List<SocketChannel> channels = connect(address, settings.connections());
        int threads = Math.min(settings.threads(), settings.connections());
        List<ClientLoop> loops = new ArrayList<>(threads);
        try {
            SplittableRandom random = new SplittableRandom(settings.connections());
            for (int t = 0; t < threads; t++) {
                List<SocketChannel> share = new ArrayList<>();
                for (int i = t; i < channels.size(); i += threads) {
                    share.add(channels.get(i));
                }
                ClientLoop loop = new ClientLoop(share, settings.payloadBytes(), random.split());
                loops.add(loop);
                loop.prime(PRIME_TIMEOUT_NANOS);
            }
            return measure(server, settings, loops, window);
        } finally {
            for (ClientLoop loop : loops) {
                loop.close();
            }
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
    }

    private static EchoResult measure(String server, Settings settings, List<ClientLoop> loops, Window window)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        long[] clock = new long[2]; // window start, window end; published by go.countDown()
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < loops.size(); t++) {
            ClientLoop loop = loops.get(t);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    loop.run(clock[0], clock[1]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "echo-client-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long windowStart = System.nanoTime() + settings.warmupNanos();
        long windowEnd = windowStart + settings.measureNanos();
        clock[0] = windowStart;
        clock[1] = windowEnd;
        go.countDown();
        sleepUntil(windowStart);
        window.opened();
        long cpuStart = processCpuNanos();
        sleepUntil(windowEnd);
        long cpuEnd = processCpuNanos();
        window.closed();
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram latency = new Histogram(ClientLoop.HIGHEST_TRACKABLE_NANOS, 3);
        long roundTrips = 0;
        long errors = 0;
        long clientCpu = 0;
        int idle = 0;
        long[] perConnection = new long[settings.connections()];
        long[] p99PerConnection = new long[settings.connections()];
        int filled = 0;
        for (ClientLoop loop : loops) {
            if (loop.failure() != null) {
                throw new IllegalStateException("client thread failed against " + server, loop.failure());
            }
            latency.add(loop.latency());
            roundTrips += loop.roundTrips();
            errors += loop.errors();
            clientCpu += loop.cpuNanos();
            idle += loop.idleConnections();
            long[] counts = loop.roundTripsPerConnection();
            System.arraycopy(counts, 0, perConnection, filled, counts.length);
            System.arraycopy(loop.p99PerConnection(), 0, p99PerConnection, filled, counts.length);
            filled += counts.length;
        }
        return new EchoResult(server, settings.connections(), roundTrips, settings.measureNanos() / 1e9,
                micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
                micros(latency.getValueAtPercentile(99.9)), micros(latency.getMaxValue()), idle, errors,
                clientCpu, cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart, EchoFairness.of(perConnection, p99PerConnection));
    }

    private static List<SocketChannel> connect(InetSocketAddress address, int connections) throws IOException {
        List<SocketChannel> channels = new ArrayList<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open();
                channels.add(channel);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(address);
                channel.configureBlocking(false);
            }
        } catch (IOException e) {
            for (SocketChannel channel : channels) {
                channel.close();
            }
            throw new IOException("connection " + channels.size() + " of " + connections + " to " + address
                    + " failed", e);
        }
        return channels;
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }

    /** {@return the calling thread's CPU time in ns, or -1 when the JVM does not measure it} */
    static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** {@return the JVM's CPU time in ns, or -1 when the JVM does not report it} */
    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}

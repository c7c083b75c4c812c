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
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one echo server spends per round trip, in counts that do not depend on how loaded the
 * machine is: the server threads' heap allocation, their voluntary and involuntary context
 * switches, the server's own counters if it keeps any ({@link EchoServer#counters}: tidepool's
 * tasks run, steals and parks, on a second line), and, with {@code perf} attached, their system
 * calls. Times are printed too, but on a shared machine they are only a hint.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.net.EchoCost \
 *     [--server tidepool] [--connections 64] [--warmup-ms 3000] [--measure-ms 5000] \
 *     [--payload 64] [--server-threads 2] [--perf-control ctl-fifo,ack-fifo]
 * </pre>
 * {@code --perf-control} names the two FIFOs of {@code perf stat --control
 * fifo:ctl-fifo,ack-fifo -D -1}: the window sends {@code enable} when it opens and
 * {@code disable} when it closes, so perf counts the window only;
 * {@code benchmarks/scripts/echo-syscalls.sh} runs it that way and sums the server threads.
 *
 * <p>Server threads are the JVM's threads whose name starts with {@code echo-} and not with
 * {@code echo-client} (the client's); every server kind names its threads so. Counts are
 * deltas over the measurement window divided by the round trips completed in it.
 */
public final class EchoCost {
    private static final String SERVER_PREFIX = "echo-";
    private static final String CLIENT_PREFIX = "echo-client";

    private EchoCost() {
    }

    /**
     * Runs one server at one connection count and prints its costs per round trip.
     *
     * @param args see the class doc
     * @throws Exception if the server or the client fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option without a value: " + args[args.length - 1]);
        }
        ServerKind kind = ServerKind.of(o.getOrDefault("server", "tidepool"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "64"));
        int threads = Integer.parseInt(o.getOrDefault("server-threads", "2"));
        EchoClient.Settings settings = new EchoClient.Settings(connections,
                Integer.parseInt(o.getOrDefault("payload", "64")), 1,
                TimeUnit.MILLISECONDS.toNanos(Long.parseLong(o.getOrDefault("warmup-ms", "3000"))),
                TimeUnit.MILLISECONDS.toNanos(Long.parseLong(o.getOrDefault("measure-ms", "5000"))));
        String perf = o.get("perf-control");
        EchoResult r;
        Probe probe;
        try (EchoServer server = kind.start(threads)) {
            probe = new Probe(perf, server);
            r = EchoClient.run(kind.label(), server.address(), settings, probe);
        }
        double n = r.roundTrips();
        if (n == 0 || r.errors() != 0) {
            throw new IllegalStateException("no clean round trips: " + r);
        }
        System.out.printf(Locale.ROOT, "%s connections=%d roundTrips=%d serverThreads=%d"
                        + " allocBytesPerRt=%.1f cpuNsPerRt=%.0f voluntaryCsPerRt=%.3f involuntaryCsPerRt=%.3f%n",
                kind.label(), connections, r.roundTrips(), probe.threads, probe.allocBytes / n,
                probe.cpuNanos / n, probe.voluntary / n, probe.involuntary / n);
        EchoFairness f = r.fairness();
        System.out.printf(Locale.ROOT, "%s p50Us=%.1f p99Us=%.1f roundTripsPerConnection min/median/max=%d/%d/%d"
                + " jain=%.4f connectionP99Us median/max=%.0f/%.0f%n", kind.label(), r.p50Micros(), r.p99Micros(),
                f.min(), f.median(), f.max(), f.jain(), f.p99MedianMicros(), f.p99MaxMicros());
        if (!probe.counters.isEmpty()) {
            StringBuilder line = new StringBuilder(kind.label()).append(" per round trip:");
            for (Map.Entry<String, Long> e : probe.counters.entrySet()) {
                line.append(String.format(Locale.ROOT, " %s=%.4f", e.getKey(), e.getValue() / n));
            }
            System.out.println(line);
        }
        if (!probe.state.isEmpty()) {
            System.out.println(kind.label() + " at the end: " + probe.state);
        }
    }

    /** Deltas of the server threads' counters over the window; the perf FIFOs if any. */
    private static final class Probe implements EchoClient.Window {
        private final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final String perf;
        private final EchoServer server;
        private Map<String, Long> countersAtStart;
        /** The server's own counts over the window ({@link EchoServer#counters}), in its order. */
        final Map<String, Long> counters = new LinkedHashMap<>();
        /** The server's {@link EchoServer#state} when the window closed. */
        String state = "";
        private Map<Long, long[]> javaAtStart;
        private Map<String, long[]> switchesAtStart;
        long allocBytes;
        long cpuNanos;
        long voluntary;
        long involuntary;
        int threads;

        Probe(String perf, EchoServer server) {
            this.perf = perf;
            this.server = server;
        }

        @Override
        public void opened() {
            perfCommand("enable");
            javaAtStart = javaCounters();
            switchesAtStart = switches();
            countersAtStart = server.counters();
        }

        @Override
        public void closed() {
            Map<String, Long> countersAtEnd = server.counters();
            state = server.state();
            Map<Long, long[]> javaAtEnd = javaCounters();
            Map<String, long[]> switchesAtEnd = switches();
            perfCommand("disable");
            for (Map.Entry<String, Long> e : countersAtEnd.entrySet()) {
                counters.put(e.getKey(), e.getValue() - countersAtStart.getOrDefault(e.getKey(), 0L));
            }
            for (Map.Entry<Long, long[]> e : javaAtEnd.entrySet()) {
                long[] start = javaAtStart.getOrDefault(e.getKey(), new long[2]);
                allocBytes += e.getValue()[0] - start[0];
                cpuNanos += e.getValue()[1] - start[1];
                threads++;
            }
            for (Map.Entry<String, long[]> e : switchesAtEnd.entrySet()) {
                long[] start = switchesAtStart.getOrDefault(e.getKey(), new long[2]);
                voluntary += e.getValue()[0] - start[0];
                involuntary += e.getValue()[1] - start[1];
            }
        }

        /** Server thread id to {allocated bytes, CPU ns}. */
        private Map<Long, long[]> javaCounters() {
            Map<Long, long[]> m = new HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String name = t.getName();
                if (name.startsWith(SERVER_PREFIX) && !name.startsWith(CLIENT_PREFIX)) {
                    long id = t.getId();
                    m.put(id, new long[] {mx.getThreadAllocatedBytes(id), mx.getThreadCpuTime(id)});
                }
            }
            return m;
        }

        /** Server task (by /proc task id) to {voluntary, involuntary} context switches. */
        private static Map<String, long[]> switches() {
            Map<String, long[]> m = new HashMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).trim();
                        if (!comm.startsWith(SERVER_PREFIX) || comm.startsWith(CLIENT_PREFIX)) {
                            continue;
                        }
                        long[] v = new long[2];
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:")) {
                                v[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                                v[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                        m.put(task.getFileName().toString(), v);
                    } catch (IOException e) {
                        // the thread exited meanwhile
                    }
                }
            } catch (IOException e) {
                // no /proc (not Linux): no context-switch counts
            }
            return m;
        }

        private void perfCommand(String command) {
            if (perf == null) {
                return;
            }
            String[] fifos = perf.split(",");
            try (OutputStream ctl = Files.newOutputStream(Path.of(fifos[0]))) {
                ctl.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write to perf's control FIFO " + fifos[0], e);
            }
            if (fifos.length > 1) {
                try (InputStream ack = Files.newInputStream(Path.of(fifos[1]))) {
                    ack.readNBytes(4);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read perf's ack FIFO " + fifos[1], e);
                }
            }
        }
    }
}

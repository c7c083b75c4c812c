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

import io.tidepool.bench.report.Machine;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the echo comparison of issue 18 in one JVM: for each connection count, every server in
 * turn against the same {@link EchoClient}, then one table per count. Options:
 * {@link EchoOptions}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.net.EchoComparison [--smoke]
 * </pre>
 *
 * <p>The client and the servers share the machine's processors (one JVM, loopback sockets): the
 * client's threads take CPU time the server could have used, the same for every server. The
 * tables therefore compare servers with each other on one machine, not with figures taken
 * elsewhere. A server's CPU cost per round trip is estimated as the JVM's CPU time minus the
 * client threads', over the window (so it includes GC and JIT compiler threads).
 *
 * <p>Exit status: 0 when every run completed round trips without an echo error; 1 when a run
 * failed or completed none, an echo differed, or a connection count was skipped for want of
 * file descriptors; 2 for bad options.
 */
public final class EchoComparison {
    /** File descriptors kept free besides two per connection: selectors, jars, the JVM's own. */
    static final int DESCRIPTOR_MARGIN = 128;

    private EchoComparison() {
    }

    /**
     * Runs the comparison.
     *
     * @param args see {@link EchoOptions}
     */
    public static void main(String[] args) throws InterruptedException {
        EchoOptions options;
        try {
            options = EchoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("echo comparison: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        printHeader(out, options);
        long[] atStart = descriptors();
        long startFds = atStart == null ? -1 : atStart[0];
        boolean clean = true;
        for (int connections : options.connections) {
            String tooFew = descriptorShortage(connections);
            if (tooFew != null) {
                out.printf("%n### %,d connections: skipped%n%n%s%n", connections, tooFew);
                clean = false;
                continue;
            }
            List<EchoResult> results = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (ServerKind kind : options.servers) {
                try {
                    results.add(runOne(kind, options, connections));
                } catch (Exception e) {
                    failures.add(kind.label() + ": " + e);
                }
            }
            EchoTable.print(out, connections, results, failures);
            clean &= failures.isEmpty() && results.stream().allMatch(r -> r.errors() == 0 && r.roundTrips() > 0);
        }
        long[] fds = descriptors();
        if (fds != null) {
            // right after the last server's close: a selector-based server may release the
            // sockets it closed a little later, when its selector lets go of them
            out.printf("%nfile descriptors open at the end: %d (at the start: %d)%n", fds[0], startFds);
        }
        System.exit(clean ? 0 : 1);
    }

    private static EchoResult runOne(ServerKind kind, EchoOptions options, int connections) throws Exception {
        System.gc(); // the previous server's garbage is not this one's to collect
        try (EchoServer server = kind.start(options.serverThreads)) {
            return EchoClient.run(kind.label(), server.address(), options.settings(connections));
        }
    }

    private static void printHeader(PrintStream out, EchoOptions o) {
        out.println("## Echo comparison (issue 18)");
        out.println();
        out.println("- JDK: " + Machine.jdk());
        out.println("- CPU: " + Machine.nproc() + " x " + Machine.cpuModel() + ", " + Machine.os());
        out.printf(Locale.ROOT, "- mode: %s, warm-up %d ms, window %d ms per server and connection count; "
                + "payload %d B; %d server threads; %d client thread(s), each with one selector%n",
                o.smoke ? "smoke (figures meaningless)" : "full", o.warmupMs, o.measureMs, o.payloadBytes,
                o.serverThreads, o.clientThreads);
        out.println("- client and servers share these processors in one JVM over loopback: the client's"
                + " threads take CPU from every server alike; compare the rows with each other only");
        out.println("- servers: " + String.join(", ", o.servers.stream().map(ServerKind::label).toList()));
        for (ServerKind kind : ServerKind.values()) {
            String reason = kind.unavailableReason();
            if (reason != null) {
                out.println("- skipped: " + kind.label() + " (" + reason + ")");
            }
        }
        long[] fds = descriptors();
        if (fds != null) {
            out.printf("- file descriptors: %d open, soft limit %d%n", fds[0], fds[1]);
        }
        out.printf(Locale.ROOT, "- estimated time: %.0f s%n", o.estimatedSeconds());
        out.flush();
    }

    /**
     * Why {@code connections} connections cannot run under this process's open-file limit, or
     * null when they can (or the JVM cannot tell). Each connection holds two descriptors here,
     * the client's end and the server's.
     */
    static String descriptorShortage(int connections) {
        long[] fds = descriptors();
        if (fds == null) {
            return null;
        }
        long needed = fds[0] + 2L * connections + DESCRIPTOR_MARGIN;
        if (needed <= fds[1]) {
            return null;
        }
        return String.format(Locale.ROOT, "%,d connections need about %,d file descriptors (2 per connection,"
                + " client end and server end, + %d open now + %d spare), but the soft limit (ulimit -n) is %,d."
                + " A JVM cannot raise it; raise it in the shell that starts java, e.g. `ulimit -n %d`, up to"
                + " the hard limit (ulimit -Hn).", connections, needed, fds[0], DESCRIPTOR_MARGIN, fds[1],
                Math.max(4096, Long.highestOneBit(needed) * 2));
    }

    /** {@return open descriptors and the soft limit, or null when the JVM cannot tell} */
    private static long[] descriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            com.sun.management.UnixOperatingSystemMXBean unix = (com.sun.management.UnixOperatingSystemMXBean) os;
            return new long[] {unix.getOpenFileDescriptorCount(), unix.getMaxFileDescriptorCount()};
        }
        return null;
    }
}

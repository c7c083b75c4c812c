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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Command-line options of {@link EchoComparison}.
 *
 * <pre>
 *   --smoke                 seconds, to show the harness works: 0.2 s warm-up, 0.5 s window
 *                           (default: 3 s warm-up, 10 s window per server and connection count)
 *   --connections 1,64,1024 connection counts, one table each (default 1,64,1024)
 *   --servers a,b           servers in this order (default: every one this JVM runs)
 *   --payload n             bytes per echo (default 64)
 *   --server-threads n      threads of every server that has a thread count (default 2)
 *   --client-threads n      client threads, each with its own selector
 *                           (default: half the processors, at least 1)
 *   --warmup-ms n --measure-ms n   override the mode's warm-up and window
 * </pre>
 */
final class EchoOptions {
    /** The connection counts of issue 18's comparison. */
    static final List<Integer> DEFAULT_CONNECTIONS = List.of(1, 64, 1024);

    boolean smoke;
    List<Integer> connections = DEFAULT_CONNECTIONS;
    List<ServerKind> servers;
    int payloadBytes = 64;
    int serverThreads = 2;
    int clientThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    long warmupMs;
    long measureMs;

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the bad option or value
     */
    static EchoOptions parse(String[] args) {
        EchoOptions o = new EchoOptions();
        Long warmupMs = null;
        Long measureMs = null;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "--smoke" -> o.smoke = true;
                case "--connections" -> o.connections = split(value(args, ++i, a)).stream()
                        .map(c -> positive(a, c)).toList();
                case "--servers" -> o.servers = split(value(args, ++i, a)).stream().map(ServerKind::of).toList();
                case "--payload" -> o.payloadBytes = positive(a, value(args, ++i, a));
                case "--server-threads" -> o.serverThreads = positive(a, value(args, ++i, a));
                case "--client-threads" -> o.clientThreads = positive(a, value(args, ++i, a));
                case "--warmup-ms" -> warmupMs = (long) nonNegative(a, value(args, ++i, a));
                case "--measure-ms" -> measureMs = (long) positive(a, value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        o.warmupMs = warmupMs != null ? warmupMs : o.smoke ? 200 : 3_000;
        o.measureMs = measureMs != null ? measureMs : o.smoke ? 500 : 10_000;
        if (o.servers == null) {
            o.servers = Arrays.stream(ServerKind.values()).filter(k -> k.unavailableReason() == null).toList();
        }
        for (ServerKind kind : o.servers) {
            String reason = kind.unavailableReason();
            if (reason != null) {
                throw new IllegalArgumentException("server " + kind.label() + " cannot run here: " + reason);
            }
        }
        return o;
    }

    /** {@return the client settings for {@code connections} connections} */
    EchoClient.Settings settings(int connections) {
        return new EchoClient.Settings(connections, payloadBytes, clientThreads,
                TimeUnit.MILLISECONDS.toNanos(warmupMs), TimeUnit.MILLISECONDS.toNanos(measureMs));
    }

    /** {@return a rough length of the whole run in seconds, for the estimate printed first} */
    double estimatedSeconds() {
        // about half a second per server start, connect and close besides the two phases
        return connections.size() * servers.size() * ((warmupMs + measureMs) / 1000.0 + 0.5);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("empty list: '" + list + "'");
        }
        return parts;
    }

    private static int positive(String option, String value) {
        int n = parseInt(option, value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be >= 1: " + value);
        }
        return n;
    }

    private static int nonNegative(String option, String value) {
        int n = parseInt(option, value);
        if (n < 0) {
            throw new IllegalArgumentException(option + " must be >= 0: " + value);
        }
        return n;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs an integer: " + value, e);
        }
    }
}

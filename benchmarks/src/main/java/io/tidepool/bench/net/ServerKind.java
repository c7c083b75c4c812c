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

import io.tidepool.bench.scheduler.ExecutorKind;
import java.io.IOException;
import java.util.Locale;

/**
 * The echo servers under comparison, by the name the {@code --servers} option takes. Every kind
 * with a thread count gets the same one ({@code --server-threads}, default 2).
 */
enum ServerKind {
    /** tidepool's reactor: the {@code io.tidepool.bench.examples.EchoServer} example on n workers. */
    TIDEPOOL("tidepool") {
        @Override
        EchoServer start(int threads) throws IOException {
            return new TidepoolEchoServer(threads);
        }
    },
    /** Netty's NIO transport: one {@code MultiThreadIoEventLoopGroup} of n threads. */
    NETTY("netty") {
        @Override
        EchoServer start(int threads) throws IOException {
            return new NettyEchoServer(threads);
        }
    },
    /** Blocking sockets, a virtual thread per connection on n carriers; JDK 21+ only. */
    VIRTUAL("virtual") {
        @Override
        EchoServer start(int threads) throws IOException {
            return BlockingEchoServer.virtualThreads(threads);
        }
    },
    /** The JDK's {@code AsynchronousServerSocketChannel} in a fixed group of n threads. */
    ASYNC_CHANNEL("async-channel") {
        @Override
        EchoServer start(int threads) throws IOException {
            return new AsyncChannelEchoServer(threads);
        }
    },
    /** Blocking sockets, a platform thread per connection (no thread count). */
    THREAD_PER_CONNECTION("thread-per-connection") {
        @Override
        EchoServer start(int threads) throws IOException {
            return BlockingEchoServer.threadPerConnection();
        }
    };

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    /** {@return the name used by {@code --servers} and in the tables} */
    String label() {
        return label;
    }

    /**
     * Binds a new server of this kind on a loopback port and starts it.
     *
     * @param threads the thread count, for the kinds that have one
     * @throws IOException if it cannot be bound
     */
    abstract EchoServer start(int threads) throws IOException;

    /** {@return why this kind cannot run on this JVM, or null when it can} */
    String unavailableReason() {
        if (this == VIRTUAL && !ExecutorKind.VIRTUAL.isAvailable()) {
            return "virtual threads need JDK " + ExecutorKind.VIRTUAL_MIN_JDK + "+, this is JDK "
                    + Runtime.version().feature();
        }
        return null;
    }

    /**
     * The kind named {@code name}.
     *
     * @throws IllegalArgumentException if no kind has that name
     */
    static ServerKind of(String name) {
        for (ServerKind kind : values()) {
            if (kind.label.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        StringBuilder known = new StringBuilder();
        for (ServerKind kind : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(kind.label);
        }
        throw new IllegalArgumentException("unknown server: " + name + " (expected one of " + known + ")");
    }
}

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

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.PoolMetrics;
import io.tidepool.TaskContext;
import io.tidepool.ThreadPool;
import io.tidepool.net.NetReactor;
import io.tidepool.net.SelectorCounts;
import io.tidepool.net.TcpListener;
import io.tidepool.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TCP echo server on tidepool's reactor: one {@link AsyncTask} accepts, one task per
 * connection reads and writes back what it read, until the client closes.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.examples.EchoServer [port [poolSize]]
 * </pre>
 * then, for instance, {@code nc 127.0.0.1 7007}. {@link #start} is the entry point for a
 * load generator: it returns a running server that {@link #close()} stops.
 */
public final class EchoServer implements AutoCloseable {
    /** Read/write rounds one connection task runs before it yields to other tasks. */
    private static final int ROUNDS_PER_POLL = 16;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final NetReactor net;
    private final TcpListener listener;

    private EchoServer(NetReactor net, TcpListener listener) {
        this.net = net;
        this.listener = listener;
    }

    /**
     * Starts an echo server on 127.0.0.1.
     *
     * @param port the port; 0 picks a free one (see {@link #port()})
     * @param poolSize the number of workers (selectors)
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static EchoServer start(int port, int poolSize) throws IOException {
        final NetReactor net = NetReactor.build(ThreadPool.builder().poolSize(poolSize).namePrefix("echo"));
        try {
            final TcpListener listener = net.bind(new InetSocketAddress("127.0.0.1", port));
            net.pool().spawnDetached(new AcceptLoop(net.pool(), listener));
            return new EchoServer(net, listener);
        } catch (IOException | RuntimeException e) {
            net.pool().shutdownNow();
            throw e;
        }
    }

    /** {@return the port the server listens on} */
    public int port() {
        try {
            return ((InetSocketAddress) listener.localAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the listener is closed", e);
        }
    }

    /** {@return a snapshot of the pool's metrics (tasks run, steals, parks)} */
    public PoolMetrics metrics() {
        return net.pool().metrics();
    }

    /** {@return each worker's selector in counts (see {@link NetReactor#selectorCounts})} */
    public List<SelectorCounts> selectorCounts() {
        return net.selectorCounts();
    }

    /** Stops the server: closes the listener and every connection, and the pool. */
    @Override
    public void close() throws InterruptedException {
        net.pool().shutdownNow();
        if (!net.pool().awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the echo server's pool did not terminate in 10 s");
        }
    }

    /**
     * Runs a server until the process is killed.
     *
     * @param args {@code [port [poolSize]]}, default 7007 and the number of CPUs
     * @throws Exception if the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : 7007;
        final int poolSize = args.length > 1 ? Integer.parseInt(args[1])
                : Runtime.getRuntime().availableProcessors();
        final EchoServer server = start(port, poolSize);
        System.out.println("echo server on 127.0.0.1:" + server.port() + " with " + poolSize
                + " workers; Ctrl-C stops it");
        server.net.pool().terminationFuture().join();
    }

    /** Accepts connections for ever, one {@link Echo} task each. */
    static final class AcceptLoop implements AsyncTask<Void> {
        private final ThreadPool pool;
        private final TcpListener listener;

        AcceptLoop(ThreadPool pool, TcpListener listener) {
            this.pool = pool;
            this.listener = listener;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) throws IOException {
            Poll<TcpStream> accepted;
            while ((accepted = listener.pollAccept(cx)).isReady()) {
                pool.spawnDetached(new Echo(accepted.value()));
            }
            return Poll.pending();
        }
    }

    /** Echoes one connection until the client closes it or resets it. */
    static final class Echo implements AsyncTask<Void> {
        private final TcpStream stream;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        /** Whether {@link #buffer} holds bytes read and not yet written back. */
        private boolean writing;

        Echo(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) throws IOException {
            try {
                for (int round = 0; round < ROUNDS_PER_POLL; round++) {
                    if (writing) {
                        if (stream.pollWriteAll(cx, buffer).isPending()) {
                            return Poll.pending();
                        }
                        buffer.clear();
                        writing = false;
                    }
                    final Poll<Integer> read = stream.pollRead(cx, buffer);
                    if (read.isPending()) {
                        return Poll.pending();
                    }
                    if (read.value() < 0) {
                        stream.close();
                        return Poll.ready(null);
                    }
                    buffer.flip();
                    writing = true;
                }
            } catch (IOException e) {
                // a reset or broken pipe ends this connection, not the server
                stream.close();
                return Poll.ready(null);
            }
            // a busy connection lets the worker's other tasks run
            cx.waker().wake();
            return Poll.pending();
        }
    }
}

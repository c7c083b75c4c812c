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
package io.tidepool.net;

import io.tidepool.Poll;
import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.Worker;
import io.tidepool.internal.net.SelectorPark;
import io.tidepool.internal.net.Selectors;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A pool whose idle workers wait in a {@link java.nio.channels.Selector}, and the sockets
 * that use it: the readiness reactor of tokio's runtime, one selector per worker.
 *
 * <pre>{@code
 * NetReactor net = NetReactor.build(ThreadPool.builder().poolSize(4));
 * TcpListener listener = net.bind(new InetSocketAddress("127.0.0.1", 0));
 * net.pool().spawn(acceptLoop(listener));   // an AsyncTask polling listener.pollAccept
 * }</pre>
 *
 * <p><b>How it works.</b> Each worker's {@link io.tidepool.Park} is a selector: a worker with
 * nothing to run blocks in {@code select}, and a submitter that wakes it calls
 * {@code Selector.wakeup()} only if it is actually blocked there (a running worker is woken
 * with one atomic flag and no system call). A socket belongs to the selector of one worker,
 * chosen when a task first waits on it: the worker whose selector has the fewest open sockets,
 * the waiting task's own worker on a tie, so the sockets are spread evenly. When an
 * operation of a {@link TcpStream} or {@link TcpListener} finds the socket not ready, it
 * records the task's {@link io.tidepool.Waker}, adds the operation to the socket's interest and
 * returns {@link io.tidepool.Poll#pending()}; the owning worker's select reports the readiness
 * and wakes the task.
 *
 * <p><b>Stolen tasks.</b> A task may be stolen and polled on another worker than the one that
 * owns its socket. That is correct: reads and writes are plain non-blocking system calls from
 * any thread, and an interest change from a non-owner is queued to the owner and the owner's
 * select woken if it is blocked. It costs a queue hand-off and, if the owner sleeps, a
 * {@code wakeup()} system call per pending operation; the wake then runs on the owner, which
 * puts the task on its own deque, so a stolen task tends to drift back to its socket's worker.
 *
 * <p><b>Busy workers.</b> A worker looks at its selector when it runs out of tasks, and every
 * 61 interest changes its own tasks make. A worker kept busy by tasks that never wait on a
 * socket does not look at its sockets until it idles.
 *
 * <p><b>Shutdown.</b> When the pool terminates ({@code shutdown} once every task finished, or
 * {@code shutdownNow}), it closes every selector through {@link io.tidepool.Park#close()}, and
 * with them every socket opened through this reactor, registered or not. Sockets opened after
 * termination are refused with {@link java.nio.channels.ClosedChannelException}. A task
 * waiting on a socket keeps a graceful {@code shutdown} from completing, as any pending task
 * does: close the listener or use {@code shutdownNow}.
 *
 * <p>Thread-safe.
 */
public final class NetReactor {
    private final Selectors selectors;
    private final ThreadPool pool;

    private NetReactor(ThreadPoolBuilder builder) {
        this.selectors = new Selectors(this::currentWorker);
        builder.customPark(id -> selectors.newPark(id.index()));
        ThreadPool built = null;
        try {
            built = builder.build();
        } finally {
            if (built == null) {
                selectors.abandon();
            }
        }
        this.pool = built;
        selectors.seal();
    }

    /**
     * Builds a pool from {@code builder} with a selector as every worker's park. Replaces the
     * builder's {@link ThreadPoolBuilder#customPark customPark}; every other setting applies.
     *
     * @param builder the pool's settings
     * @return the reactor, whose {@link #pool()} is running
     * @throws NullPointerException if {@code builder} is null
     * @throws IllegalArgumentException if the builder's settings are invalid
     * @throws java.io.UncheckedIOException if a selector cannot be opened
     */
    public static NetReactor build(ThreadPoolBuilder builder) {
        return new NetReactor(Objects.requireNonNull(builder, "builder"));
    }

    /** {@return the pool whose workers run this reactor} */
    public ThreadPool pool() {
        return pool;
    }

    /**
     * Opens a listening socket bound to {@code address} with a backlog of 1024.
     *
     * @param address the local address; port 0 picks a free port
     * @return the listener
     * @throws IOException if the socket cannot be opened or bound, or the pool has terminated
     */
    public TcpListener bind(SocketAddress address) throws IOException {
        return bind(address, 1024);
    }

    /**
     * Opens a listening socket bound to {@code address}.
     *
     * @param address the local address; port 0 picks a free port
     * @param backlog the accept queue length, at least 1
     * @return the listener
     * @throws IllegalArgumentException if {@code backlog} is less than 1
     * @throws IOException if the socket cannot be opened or bound, or the pool has terminated
     */
    public TcpListener bind(SocketAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1: " + backlog);
        }
        final ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.bind(address, backlog);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new TcpListener(this, channel, selectors.register(channel));
    }

    /**
     * Starts connecting to {@code address}; finish with {@link TcpStream#pollConnect}.
     *
     * @param address the remote address
     * @return the stream, connecting
     * @throws IOException if the socket cannot be opened, the connection is refused at once, or
     *     the pool has terminated
     */
    public TcpStream beginConnect(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        final SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.connect(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return adopt(channel);
    }

    /**
     * Connects to {@code address} in a task on the pool.
     *
     * @param address the remote address
     * @return a stage completed with the connected stream, or with the connect's failure
     * @throws IOException as {@link #beginConnect}
     */
    public CompletionStage<TcpStream> connect(SocketAddress address) throws IOException {
        final TcpStream stream = beginConnect(address);
        return pool.spawn(cx -> stream.pollConnect(cx).isReady()
                ? Poll.ready(stream) : Poll.<TcpStream>pending())
                .completionStage()
                .whenComplete((s, e) -> {
                    if (e != null) {
                        stream.closeQuietly();
                    }
                });
    }

    /** Wraps a connected or connecting non-blocking channel. */
    TcpStream adopt(SocketChannel channel) throws IOException {
        return new TcpStream(this, channel, selectors.register(channel));
    }

    /** {@return the number of sockets opened through this reactor and not yet closed} */
    public int openSockets() {
        return selectors.openChannels();
    }

    /**
     * {@return each worker's selector in counts (one element per worker, in index order)}: the
     * sockets it owns, its selects and the ready keys they found, and how often other threads
     * reached it. For diagnostics; any thread, never blocks.
     */
    public List<SelectorCounts> selectorCounts() {
        final int n = selectors.size();
        final List<SelectorCounts> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final SelectorPark p = selectors.park(i);
            all.add(new SelectorCounts(i, p.channels(), p.selects(), p.polls(), p.keysReported(),
                    p.wakeups(), p.handedOff()));
        }
        return List.copyOf(all);
    }

    /**
     * Waits until every worker's selector has dropped the sockets closed before the call, so
     * their file descriptors are free (a selector frees a registered socket's descriptor at its
     * next select). For tests and diagnostics; completes at once after termination.
     *
     * @return a stage completed once every selector has selected since the call
     */
    CompletionStage<Void> flush() {
        return selectors.flush();
    }

    /** The index of this pool's worker the calling thread runs, or -1. */
    private int currentWorker() {
        final Optional<Worker> w = Worker.current();
        return w.isPresent() && w.get().pool() == pool ? w.get().id().index() : -1;
    }

    @Override
    public String toString() {
        return "NetReactor[" + pool.name() + ", open sockets=" + openSockets() + "]";
    }
}

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

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.ThreadPool;
import io.tidepool.net.NetReactor;
import io.tidepool.net.TcpListener;
import io.tidepool.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 server on tidepool's reactor: every request gets the same small
 * response, and connections stay open for the next request (keep-alive) until the client
 * closes them or sends {@code Connection: close}. Requests are read up to the blank line that
 * ends their headers; request bodies are not supported.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.examples.HttpServer [port [poolSize]]
 * </pre>
 * then {@code curl http://127.0.0.1:8080/ http://127.0.0.1:8080/} (curl reuses the
 * connection for the second request).
 */
public final class HttpServer {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 13\r\n"
            + "\r\n"
            + "Hello, World!").getBytes(US_ASCII);
    private static final byte[] TOO_LARGE = ("HTTP/1.1 431 Request Header Fields Too Large\r\n"
            + "Content-Length: 0\r\n"
            + "Connection: close\r\n"
            + "\r\n").getBytes(US_ASCII);
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private HttpServer() {}

    /**
     * Serves until the process is killed.
     *
     * @param args {@code [port [poolSize]]}, default 8080 and the number of CPUs
     * @throws Exception if the port cannot be bound
     */
    public static void main(String[] args) throws Exception {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        final int poolSize = args.length > 1 ? Integer.parseInt(args[1])
                : Runtime.getRuntime().availableProcessors();
        final NetReactor net = NetReactor.build(ThreadPool.builder().poolSize(poolSize).namePrefix("http"));
        final TcpListener listener = net.bind(new InetSocketAddress("127.0.0.1", port));
        final ThreadPool pool = net.pool();
        pool.spawnDetached(cx -> {
            Poll<TcpStream> accepted;
            while ((accepted = listener.pollAccept(cx)).isReady()) {
                pool.spawnDetached(new Connection(accepted.value()));
            }
            return Poll.pending();
        });
        System.out.println("HTTP server on http://" + listener.localAddress().toString().replaceFirst("^/", "")
                + "/ with " + poolSize + " workers; Ctrl-C stops it");
        pool.terminationFuture().join();
    }

    /** One keep-alive connection: read a request head, write the response, repeat. */
    static final class Connection implements AsyncTask<Void> {
        private final TcpStream stream;
        private final ByteBuffer in = ByteBuffer.allocate(MAX_HEADER_BYTES);
        private final ByteBuffer out = ByteBuffer.allocate(RESPONSE.length).limit(0);
        private boolean closeAfterWrite;

        Connection(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) throws IOException {
            try {
                while (true) {
                    if (out.hasRemaining() && stream.pollWriteAll(cx, out).isPending()) {
                        return Poll.pending();
                    }
                    if (closeAfterWrite) {
                        stream.close();
                        return Poll.ready(null);
                    }
                    final int end = headEnd(in);
                    if (end >= 0) {
                        respond(end);
                        continue;
                    }
                    if (!in.hasRemaining()) {
                        out.clear();
                        out.limit(0);
                        stream.pollWriteAll(cx, ByteBuffer.wrap(TOO_LARGE));
                        stream.close();
                        return Poll.ready(null);
                    }
                    final Poll<Integer> n = stream.pollRead(cx, in);
                    if (n.isPending()) {
                        return Poll.pending();
                    }
                    if (n.value() < 0) {
                        stream.close();
                        return Poll.ready(null);
                    }
                }
            } catch (IOException e) {
                // a reset or broken pipe ends this connection, not the server
                stream.close();
                return Poll.ready(null);
            }
        }

        /** Consumes the request head ending before {@code end}, queues the response. */
        private void respond(int end) {
            final String head = new String(in.array(), 0, end, US_ASCII).toLowerCase(Locale.ROOT);
            closeAfterWrite = head.startsWith("http/1.0", head.indexOf(' ', head.indexOf(' ') + 1) + 1)
                    ? !head.contains("\r\nconnection: keep-alive")
                    : head.contains("\r\nconnection: close");
            // keep what follows (a pipelined request)
            in.flip().position(end + 4);
            in.compact();
            out.clear();
            out.put(RESPONSE).flip();
        }

        /** {@return the index of the blank line ending the first request head, or -1} */
        private static int headEnd(ByteBuffer in) {
            final byte[] b = in.array();
            for (int i = 0, last = in.position() - 4; i <= last; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}

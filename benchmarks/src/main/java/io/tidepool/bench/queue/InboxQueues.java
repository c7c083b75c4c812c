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

package io.tidepool.bench.queue;

import java.util.Queue;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.jctools.queues.varhandle.MpscChunkedVarHandleArrayQueue;
import org.jctools.queues.varhandle.MpscGrowableVarHandleArrayQueue;
import org.jctools.queues.varhandle.MpscLinkedVarHandleQueue;
import org.jctools.queues.varhandle.MpscUnboundedVarHandleArrayQueue;

/**
 * The MPSC queues considered for a worker's inbox, by the name used in the {@code impl} JMH
 * parameter of {@link InboxQueueBenchmark}.
 *
 * <p>The {@code vh-*} variants use VarHandles (JCTools' {@code jctools-core-jdk11}) and run on
 * JDK 17 and 25 without {@code sun.misc.Unsafe} warnings; the {@code unsafe-*} ones are the
 * classic Unsafe-based queues, included as references only (on JDK 24+ they print a warning on
 * first use, and Unsafe memory access is on its way out, JEP 471/498).
 */
final class InboxQueues {
    /** Capacity of the bounded variants: far above the benchmark's in-flight limit. */
    static final int BOUNDED_CAPACITY = 1 << 16;

    private InboxQueues() {
    }

    /**
     * A new queue of the named kind.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    static Queue<Object> create(String impl) {
        switch (impl) {
            case "vh-unbounded-128":
                return new MpscUnboundedVarHandleArrayQueue<>(128);
            case "vh-unbounded-1024":
                return new MpscUnboundedVarHandleArrayQueue<>(1024);
            case "vh-linked":
                return new MpscLinkedVarHandleQueue<>();
            case "vh-chunked-1024":
                return new MpscChunkedVarHandleArrayQueue<>(1024, BOUNDED_CAPACITY);
            case "vh-growable-256":
                return new MpscGrowableVarHandleArrayQueue<>(256, BOUNDED_CAPACITY);
            case "unsafe-xadd-1024":
                return new MpscUnboundedXaddArrayQueue<>(1024);
            case "unsafe-unbounded-1024":
                return new MpscUnboundedArrayQueue<>(1024);
            default:
                throw new IllegalArgumentException("unknown impl: " + impl);
        }
    }
}

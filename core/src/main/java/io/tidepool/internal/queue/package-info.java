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

/**
 * The two queues every worker owns: the Chase-Lev {@link io.tidepool.internal.queue.WorkStealingDeque}
 * (owner pushes and pops at the bottom, thieves steal from the top) and the external
 * {@link io.tidepool.internal.queue.Inbox} (any thread offers; one consumer at a time drains).
 *
 * <p>The deque follows Chase and Lev (SPAA 2005) with the C11 orderings proven by Lê, Pop, Cohen
 * and Zappa Nardelli (PPoPP 2013). The inbox is a few lanes, each a chunked single-producer
 * single-consumer {@code LaneQueue} (after JCTools' {@code SpscUnboundedVarHandleArrayQueue},
 * which the lanes used until an offer that overflowed the stack halfway was found to lose the
 * lane's next task) behind a producer lock word, after ForkJoinPool's per-thread external queues: a submitting thread locks its home lane with one CAS, or moves to
 * the next lane if that CAS fails. An earlier single MPSC queue (the choice among JCTools' MPSC
 * queues is recorded in {@code docs/benchmarks.md}, inbox section) cost every submitter a CAS on
 * one shared producer index.
 */
package io.tidepool.internal.queue;

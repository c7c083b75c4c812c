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

package io.tidepool.internal.queue;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck linearizability check of {@link WorkStealingDeque} against a sequential deque, in
 * model-checking and stress modes.
 *
 * <p>{@code push}, {@code pop} and {@code pollOldest} share the non-parallel group
 * {@code "owner"}, so Lincheck runs them from one thread only, as the deque requires; {@code steal} may run on every thread,
 * including the owner's, and so may {@code stealBatch}, linearized at its read of {@code bottom}
 * (it takes half of what it saw, rounded up, at most {@value #STEAL_LIMIT}). The deque starts at
 * capacity 2 so scenarios reach growth, and near the 32-bit wrap of its indices and stamp.
 * Budgets are kept small (well under a minute for the class) so the build stays fast.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:9")
public class WorkStealingDequeLincheckTest {
    /** Batch steals take at most this many; small, so that pops reach both of their paths. */
    private static final int STEAL_LIMIT = 2;

    // indices start 3 below the 32-bit wrap and the stamp one below its own
    private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2, STEAL_LIMIT, -3, -1);

    /**
     * Owner pushes.
     *
     * @param element the element
     */
    @Operation(nonParallelGroup = "owner")
    public void push(@Param(name = "element") int element) {
        deque.push(element);
    }

    /**
     * Owner pops.
     *
     * @return the newest element or null
     */
    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        return deque.pop();
    }

    /**
     * Owner takes the oldest.
     *
     * @return the oldest element or null
     */
    @Operation(nonParallelGroup = "owner")
    public Integer pollOldest() {
        return deque.pollOldest();
    }

    /**
     * Any thread steals.
     *
     * @return the oldest element or null
     */
    @Operation
    public Integer steal() {
        return deque.steal();
    }

    /**
     * Any thread steals a batch into a deque of its own (a new one per call), then drains it.
     *
     * @return the batch, oldest first, as "a,b", or "" if the deque was empty
     */
    @Operation
    public String stealBatch() {
        final WorkStealingDeque<Integer> own = new WorkStealingDeque<>(2);
        final Integer[] out = new Integer[1];
        if (deque.stealInto(own, out) == 0) {
            return "";
        }
        final StringBuilder batch = new StringBuilder().append(out[0]);
        Integer e;
        while ((e = own.pollOldest()) != null) {
            batch.append(',').append(e);
        }
        return batch.toString();
    }

    /** Explores interleavings of the owner with two thieves under Lincheck's scheduler. */
    @Test
    void shouldBeLinearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .iterations(20)
                .invocationsPerIteration(500)
                .sequentialSpecification(SequentialDeque.class)
                .check(WorkStealingDequeLincheckTest.class);
    }

    /**
     * One scenario written out, since random ones too short to reach it: five elements, then the
     * owner pops four times while a thief steals a batch, so the owner's pops cross the steal
     * limit (no CAS above it, a stamp CAS within it) while the batch steal is in flight. All its
     * interleavings under Lincheck's scheduler.
     */
    @Test
    void shouldBeLinearizableWhenPopsCrossTheStealLimitUnderModelChecking() throws Exception {
        final Method push = WorkStealingDequeLincheckTest.class.getMethod("push", int.class);
        final Method pop = WorkStealingDequeLincheckTest.class.getMethod("pop");
        final Method stealBatch = WorkStealingDequeLincheckTest.class.getMethod("stealBatch");
        final List<Actor> init = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            init.add(new Actor(push, List.of(i)));
        }
        final List<Actor> owner = List.of(
                new Actor(pop, List.of()), new Actor(pop, List.of()),
                new Actor(pop, List.of()), new Actor(pop, List.of()));
        final List<Actor> thief = List.of(new Actor(stealBatch, List.of()));
        new ModelCheckingOptions()
                .iterations(0)
                .addCustomScenario(new ExecutionScenario(init, List.of(owner, thief), List.of(), null))
                .invocationsPerIteration(5_000)
                .sequentialSpecification(SequentialDeque.class)
                .check(WorkStealingDequeLincheckTest.class);
    }

    /** Runs random scenarios on real threads. */
    @Test
    void shouldBeLinearizableUnderStress() {
        new StressOptions()
                .threads(2)
                .actorsPerThread(4)
                .actorsBefore(2)
                .actorsAfter(1)
                .iterations(8)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(SequentialDeque.class)
                .check(WorkStealingDequeLincheckTest.class);
    }

    /** The sequential specification: push and pop at the tail, steal at the head. */
    public static class SequentialDeque {
        private final ArrayDeque<Integer> elements = new ArrayDeque<>();

        /**
         * Adds at the tail.
         *
         * @param element the element
         */
        public void push(int element) {
            elements.addLast(element);
        }

        /**
         * Removes from the tail.
         *
         * @return the newest element or null
         */
        public Integer pop() {
            return elements.pollLast();
        }

        /**
         * Removes from the head.
         *
         * @return the oldest element or null
         */
        public Integer steal() {
            return elements.pollFirst();
        }

        /**
         * Removes half from the head, rounded up, at most {@value #STEAL_LIMIT}.
         *
         * @return the removed elements, oldest first, as "a,b", or ""
         */
        public String stealBatch() {
            final int n = Math.min(STEAL_LIMIT, (elements.size() + 1) / 2);
            final StringBuilder batch = new StringBuilder();
            for (int i = 0; i < n; i++) {
                batch.append(i == 0 ? "" : ",").append(elements.pollFirst());
            }
            return batch.toString();
        }

        /**
         * Removes from the head, as the owner.
         *
         * @return the oldest element or null
         */
        public Integer pollOldest() {
            return elements.pollFirst();
        }
    }
}

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

package io.tidepool.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A batch opened and ended at times the worker loop read itself (the end of a park, the moment
 * the own queues ran dry) is measured between exactly those times.
 */
class WorkerStatsBatchTest {
    private final WorkerStats stats = new WorkerStats(0, "test", MetricsConfig.DEFAULT);

    @Test
    void aBatchRunsFromTheGivenStartToTheGivenEnd() {
        stats.openBatch(1_000);
        stats.endBatch(2, 1, 1_750);

        final WorkerSample s = stats.sample(0, 0);
        assertEquals(750, s.busyNanos());
        assertEquals(2, s.polls());
        assertEquals(375, s.meanPollNanos());
    }

    @Test
    void anOpenBatchKeepsItsStart() {
        stats.openBatch(100);
        // a second open (a loop that opens on every way out of its idle path) changes nothing
        stats.openBatch(500);
        stats.endBatch(1, 0, 600);

        assertEquals(500, stats.sample(0, 0).busyNanos());
    }

    @Test
    void anEndWithNoOpenBatchPublishesCountsButNoTime() {
        stats.openBatch(0);
        stats.endBatch(1, 0, 40);
        // no batch open: the counts are published, the busy time stays
        stats.endBatch(3, 0, 10_000);

        final WorkerSample s = stats.sample(0, 0);
        assertEquals(40, s.busyNanos());
        assertEquals(4, s.polls());
    }

    @Test
    void batchesAddUp() {
        stats.openBatch(1_000);
        stats.endBatch(1, 0, 1_300);
        stats.openBatch(5_000);
        stats.endBatch(1, 0, 5_200);

        assertEquals(500, stats.sample(0, 0).busyNanos());
    }
}

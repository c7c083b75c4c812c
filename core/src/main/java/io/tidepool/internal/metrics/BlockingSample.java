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

/**
 * The blocking figures of a pool read at one moment: blocking sections and their backup threads,
 * stuck-worker detection, and the {@code spawnBlocking} threads. Each figure is read on its own.
 *
 * @param activeSections blocking sections in progress (hand-off permits taken, retakes included)
 * @param backupThreads pool threads alive without a worker: in a section, finishing a task whose
 *     worker was handed off or retaken, or idle
 * @param idleBackupThreads backup threads waiting for a hand-off
 * @param handOffs blocking sections that handed their worker off, since the pool started
 * @param takeBacks section ends whose thread took a worker back, since the pool started
 * @param detections tasks reported as stuck by the detector, since the pool started
 * @param retakes detections whose worker was handed to a backup thread
 * @param blockingThreads {@code spawnBlocking} threads alive
 * @param idleBlockingThreads {@code spawnBlocking} threads alive and not running a job
 * @param blockingQueueDepth {@code spawnBlocking} jobs waiting for a thread
 */
public record BlockingSample(
        int activeSections,
        int backupThreads,
        int idleBackupThreads,
        long handOffs,
        long takeBacks,
        long detections,
        long retakes,
        int blockingThreads,
        int idleBlockingThreads,
        int blockingQueueDepth) {

    /** {@return the figures as a short text for the pool's one-line summary} */
    String summary() {
        return "blocking sections = " + activeSections
                + ", backups = " + backupThreads + " (idle " + idleBackupThreads + ")"
                + ", hand-offs = " + handOffs
                + ", take-backs = " + takeBacks
                + ", detections = " + detections
                + ", blocking threads = " + blockingThreads + " (idle " + idleBlockingThreads
                + ", queued " + blockingQueueDepth + ")";
    }
}

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
 * Emits tidepool's JFR events. Only called when {@link JfrSupport#AVAILABLE}; every method asks
 * the event type first, so without a recording that enables it the cost is one check.
 */
final class JfrEvents {
    private static final LongPollEvent LONG_POLL_PROBE = new LongPollEvent();
    private static final WorkerParkEvent PARK_PROBE = new WorkerParkEvent();
    private static final BlockingHandOffEvent HAND_OFF_PROBE = new BlockingHandOffEvent();
    private static final BlockingDetectedEvent DETECTED_PROBE = new BlockingDetectedEvent();
    private static final RejectionEvent REJECTION_PROBE = new RejectionEvent();

    private JfrEvents() {}

    /**
     * Does nothing; a call runs this class's initializer, which registers the event classes
     * with JFR (once per JVM: JFR's metadata, and on newer JDKs the instrumentation of each
     * event class). {@link WorkerStats} calls it on the thread that builds a pool, so that this
     * one-time cost (about a second on a loaded machine, minutes under valgrind) never falls
     * on a worker's first park, between registering as parked and parking, where a submission
     * that woke the worker would wait for it.
     */
    static void load() {
        // the class initializer is the work
    }

    /** Commits a long-poll event if a recording enables it. */
    static void longPoll(String pool, int worker, String taskClass, long nanos) {
        if (!LONG_POLL_PROBE.isEnabled()) {
            return;
        }
        final LongPollEvent e = new LongPollEvent();
        e.pool = pool;
        e.worker = worker;
        e.taskClass = taskClass;
        e.pollTime = nanos;
        e.commit();
    }

    /** Begins a park event if a recording enables it; returns it, or null. */
    static Object beginPark(String pool, int worker) {
        if (!PARK_PROBE.isEnabled()) {
            return null;
        }
        final WorkerParkEvent e = new WorkerParkEvent();
        e.pool = pool;
        e.worker = worker;
        e.begin();
        return e;
    }

    /** Ends and commits a park event begun by {@link #beginPark}. */
    static void endPark(Object token) {
        final WorkerParkEvent e = (WorkerParkEvent) token;
        e.end();
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    /** Begins a hand-off event if a recording enables it; returns it, or null. */
    static Object beginHandOff(String pool, int worker, String receiver) {
        if (!HAND_OFF_PROBE.isEnabled()) {
            return null;
        }
        final BlockingHandOffEvent e = new BlockingHandOffEvent();
        e.pool = pool;
        e.worker = worker;
        e.receiver = receiver;
        e.begin();
        return e;
    }

    /** Ends and commits a hand-off event begun by {@link #beginHandOff}. */
    static void endHandOff(Object token) {
        final BlockingHandOffEvent e = (BlockingHandOffEvent) token;
        e.end();
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    /** Commits a detection event if a recording enables it. */
    static void detected(String pool, int worker, String thread, Class<?> taskClass, String task,
            long blockedFor, boolean retaken, String stackTrace) {
        if (!DETECTED_PROBE.isEnabled()) {
            return;
        }
        final BlockingDetectedEvent e = new BlockingDetectedEvent();
        e.pool = pool;
        e.worker = worker;
        e.thread = thread;
        e.taskClass = taskClass.getName();
        e.task = task;
        e.blockedFor = blockedFor;
        e.retaken = retaken;
        e.stuckStackTrace = stackTrace;
        e.commit();
    }

    /** {@return whether a recording enables the rejection event} */
    static boolean rejectionEnabled() {
        return REJECTION_PROBE.isEnabled();
    }

    /** Commits a rejection event. */
    static void rejection(String pool, String taskClass, int maxQueued, long rejections, long total) {
        final RejectionEvent e = new RejectionEvent();
        e.pool = pool;
        e.taskClass = taskClass;
        e.maxQueued = maxQueued;
        e.rejections = rejections;
        e.totalRejections = total;
        e.commit();
    }
}

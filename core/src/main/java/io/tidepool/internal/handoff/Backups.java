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

package io.tidepool.internal.handoff;

import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool's backup threads and the registry of its live threads. A core handed off goes to the
 * most recently idle backup, or to a new thread; a thread without a core waits here as an idle
 * backup until it is given one, {@code keepAlive} passes, or the pool stops.
 *
 * <p><b>Idle backups.</b> A backup pushes itself on the stack under the lock and parks until its
 * core field is set, {@code keepAlive} passes, or the pool stops. Only the backup decides to
 * exit, by removing itself from the stack under the lock; a hand-off that popped it first always
 * delivers a core, so a core in transit is never dropped, even when {@code shutdownNow} races
 * the hand-off (the backup then runs the core's loop, which sees STOP and exits after running
 * what reached the deque).
 */
final class Backups {
    private final Pool pool;
    private final long keepAliveNanos;
    /** Every live thread of the pool: shutdownNow interrupts them all. */
    private final Set<WorkerThread> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger backupNumber = new AtomicInteger();
    /** Guards {@link #idleBackups}; never held while running user code. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Idle backup threads, most recently idle first. Guarded by {@link #lock}. */
    private final ArrayDeque<WorkerThread> idleBackups = new ArrayDeque<>();

    Backups(Pool pool, long keepAliveNanos) {
        this.pool = pool;
        this.keepAliveNanos = keepAliveNanos;
    }

    /**
     * Gives {@code core} to an idle backup thread or a new one; returns that thread, or null if
     * no thread could start.
     */
    WorkerThread giveCore(WorkerCore core) {
        WorkerThread backup;
        lock.lock();
        try {
            backup = idleBackups.pollFirst();
        } finally {
            lock.unlock();
        }
        if (backup != null) {
            // volatile store, read by the backup's volatile load in awaitCore: the core's
            // owner-only fields written by the previous holder happen-before the backup's reads
            backup.svCore(core);
            LockSupport.unpark(backup);
            return backup;
        }
        // named for the worker it runs first; the name follows its role from then on
        final WorkerThread t = WorkerThread.backup(pool, pool.config().workerThreadName(core.index),
                pool.config().stackSize());
        t.setDaemon(pool.config().daemon());
        t.svCore(core);
        pool.threadStarting();
        register(t);
        try {
            t.start();
        } catch (Throwable e) {
            // OutOfMemoryError "unable to create native thread", or a security manager: the
            // caller keeps its core and runs the section inline
            unregister(t);
            pool.threadStartFailed();
            return null;
        }
        return t;
    }

    /**
     * Waits on the calling thread, which has no core, as an idle backup: returns the core a
     * hand-off gives it, or null when {@code keepAlive} passed or the pool is stopping (the
     * thread then exits).
     *
     * <p>Only the thread itself decides to exit, by removing itself from the idle stack under
     * the lock: a hand-off that popped it first always delivers a core, so a core in transit is
     * never dropped.
     */
    WorkerCore awaitCore(WorkerThread self) {
        // a thread dump names the role: an idle backup, numbered once per thread
        final HandOffState state = HandOffState.of(self);
        if (state.backupNumber == 0) {
            state.backupNumber = backupNumber.incrementAndGet();
        }
        self.setName(pool.config().threadNamePrefix() + "-backup-" + state.backupNumber);
        lock.lock();
        try {
            // read under the lock: wakeIdleBackups() sets the state, then takes the lock
            if (pool.lvLifecycle() >= Lifecycle.STOP) {
                return null;
            }
            idleBackups.addFirst(self);
        } finally {
            lock.unlock();
        }
        final long deadline = System.nanoTime() + keepAliveNanos;
        boolean promised = false;
        while (true) {
            final WorkerCore core = self.lvCore();
            if (core != null) {
                return core;
            }
            if (!promised) {
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || pool.lvLifecycle() >= Lifecycle.STOP) {
                    if (removeIdle(self)) {
                        return null;
                    }
                    // a hand-off popped us: its core is on the way
                    promised = true;
                    continue;
                }
                // a stray interrupt would turn the park into a spin; shutdownNow's interrupt
                // is seen as the STOP state above
                Thread.interrupted();
                LockSupport.parkNanos(this, remaining);
            } else {
                Thread.interrupted();
                LockSupport.park(this);
            }
        }
    }

    private boolean removeIdle(WorkerThread self) {
        lock.lock();
        try {
            return idleBackups.removeFirstOccurrence(self);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every idle backup thread; called after the pool reached STOP or TIDYING. */
    void wakeIdle() {
        lock.lock();
        try {
            for (WorkerThread t : idleBackups) {
                LockSupport.unpark(t);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Registers a thread before it starts; gives it its hand-off state. */
    void register(WorkerThread t) {
        t.handOffState(new HandOffState());
        live.add(t);
    }

    void unregister(WorkerThread t) {
        live.remove(t);
    }

    /** Interrupts every live pool thread: workers, blocking sections and backups. */
    void interruptAll() {
        for (WorkerThread t : live) {
            t.interrupt();
        }
    }

    /** The live threads, for the detector's scan (weakly consistent iteration). */
    Iterable<WorkerThread> liveThreads() {
        return live;
    }

    /** Live threads of the pool, workers and backups. */
    int liveCount() {
        return live.size();
    }

    /** Idle backup threads waiting for a core. */
    int idleCount() {
        lock.lock();
        try {
            return idleBackups.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Live pool threads without a core: in a section, finishing a task whose core left, or idle
     * backups. A moment's count; O(live threads).
     */
    int corelessCount() {
        int n = 0;
        for (WorkerThread t : live) {
            if (t.lvCore() == null) {
                n++;
            }
        }
        return n;
    }
}

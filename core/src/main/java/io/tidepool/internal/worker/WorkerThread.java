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

package io.tidepool.internal.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A thread of a tidepool pool. It runs a {@link WorkerCore} while it holds one; a blocking
 * section takes the core away and gives it to a backup thread. It keeps its core, its current
 * task (and task number, for the stuck-worker detector) and one slot for the state the hand-off
 * layer keeps per thread.
 */
public final class WorkerThread extends PoolThread {
    private static final VarHandle CORE;
    private static final VarHandle CURRENT_TASK;
    private static final VarHandle TASK_SEQ;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            CORE = l.findVarHandle(WorkerThread.class, "core", WorkerCore.class);
            CURRENT_TASK = l.findVarHandle(WorkerThread.class, "currentTask", Runnable.class);
            TASK_SEQ = l.findVarHandle(WorkerThread.class, "taskSeq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The core this thread runs, or null. Set by this thread, by a hand-off before the thread is
     * given it (the thread then has none), or taken away by the stuck-worker detector with a CAS
     * (a hand-off also takes it with a CAS, so exactly one of the two wins).
     */
    private volatile WorkerCore core;
    /**
     * The task inside {@code TaskRunner.run}, or null. Written by this thread with opaque stores
     * (the stores a boolean "running" flag would cost anyway), read by the detector with opaque
     * loads.
     */
    private Runnable currentTask;
    /**
     * Count of tasks started, only when the pool detects stuck workers: one opaque store per
     * task, read by the detector with opaque loads. Only this thread writes it.
     */
    private long taskSeq;
    /**
     * The hand-off layer's state of this thread (sections, permit, take-back); set once before
     * the thread starts, by the layer's registration of it.
     */
    private Object handOffState;
    /*
     * What a task may change on its thread and the pool puts back after it (issue 15, item 13):
     * the values this thread had when its loop started, after the afterStart hook and inside the
     * aroundWorker wrapper, so what those install stays. Plain: this thread only.
     */
    private String baseName;
    private int basePriority;
    private ClassLoader baseLoader;
    private Thread.UncaughtExceptionHandler baseHandler;
    /** {@link #afterTask}'s bit: the hand-off layer asked to hear of the end of the running task. */
    private static final int TASK_END_WANTED = 1;
    /**
     * {@link #afterTask}'s bit: the context class loader or the uncaught-exception handler was
     * set since the last look (the two setters below, the only ways to change them, say so), so
     * that the check after each task reads one field instead of the two getters (the loader's
     * getter also asks the security manager).
     */
    private static final int LOADER_OR_HANDLER_SET = 2;
    /**
     * What the end of the running task must do besides the name and priority compares, as
     * bits ({@link #TASK_END_WANTED}, {@link #LOADER_OR_HANDLER_SET}): one load and one test
     * after every task. Plain: a task changes its own thread, and the hand-off layer asks from
     * this thread.
     */
    private int afterTask;

    /**
     * A pool thread that runs the pool's thread body ({@code WorkerBody}) on the cores it is given.
     *
     * @param pool the pool
     * @param name the thread's name
     * @param stackSize the stack size, 0 for the platform default
     */
    public WorkerThread(Pool pool, String name, long stackSize) {
        super(pool, null, name, stackSize);
    }

    private WorkerThread(Pool pool, String name, long stackSize, boolean inheritThreadLocals) {
        super(pool, name, stackSize, inheritThreadLocals);
    }

    /**
     * A backup thread, made on demand by whichever thread hands a core off (a task's worker, the
     * monitor): like a {@code spawnBlocking} thread it inherits no {@link InheritableThreadLocal}
     * of that thread and takes the pool creator's context class loader, so it starts as clean
     * as the workers {@code build()} started, whatever the task that triggered it had set.
     *
     * @param pool the pool
     * @param name the thread's name
     * @param stackSize the stack size, 0 for the platform default
     * @return the thread, not started
     */
    public static WorkerThread backup(Pool pool, String name, long stackSize) {
        final WorkerThread t = new WorkerThread(pool, name, stackSize, false);
        t.setContextClassLoader(pool.creatorClassLoader());
        return t;
    }

    @Override
    public void run() {
        new WorkerBody(pool()).run(this);
    }

    /**
     * The core the calling thread runs for {@code pool}.
     *
     * @param pool the pool asked about
     * @return the core, or null if the calling thread holds none of that pool's
     */
    public static WorkerCore currentCore(Pool pool) {
        if (Thread.currentThread() instanceof WorkerThread w && w.pool() == pool) {
            return w.core;
        }
        return null;
    }

    /** {@return the core of the calling thread in any pool, or null} */
    public static WorkerCore currentCore() {
        return Thread.currentThread() instanceof WorkerThread w ? w.core : null;
    }

    /** {@return the core this thread runs, or null} A volatile load. */
    public WorkerCore lvCore() {
        return core;
    }

    /**
     * Gives this thread a core, or clears it: a volatile store, which the receiving thread's
     * volatile load of its core field pairs with (the hand-off's happens-before edge).
     *
     * @param c the core, or null
     */
    public void svCore(WorkerCore c) {
        core = c;
    }

    /**
     * Takes or restores the core with a volatile CAS; the hand-off and the detector race here.
     *
     * @param expected the core the caller believes the thread holds
     * @param value the new value
     * @return whether the CAS succeeded
     */
    public boolean casCore(WorkerCore expected, WorkerCore value) {
        return CORE.compareAndSet(this, expected, value);
    }

    /** {@return the running task, or null} Plain: for this thread's own reads. */
    public Runnable lpCurrentTask() {
        return currentTask;
    }

    /** {@return the running task, or null} Opaque load, for the detector. */
    public Runnable loCurrentTask() {
        return (Runnable) CURRENT_TASK.getOpaque(this);
    }

    /**
     * Sets the running task (null after it); opaque store, this thread only.
     *
     * @param task the task, or null
     */
    public void poCurrentTask(Runnable task) {
        CURRENT_TASK.setOpaque(this, task);
    }

    /** Counts a task start; opaque store of a plain increment (only this thread writes it). */
    public void poNextTaskSeq() {
        TASK_SEQ.setOpaque(this, taskSeq + 1);
    }

    /** {@return the tasks started so far} Opaque load, for the detector. */
    public long loTaskSeq() {
        return (long) TASK_SEQ.getOpaque(this);
    }

    /**
     * Takes what the worker loop starts with as the state every task leaves behind: name,
     * priority, context class loader and uncaught-exception handler. Clears an interrupt a
     * hook or the wrapper left (before STOP, which interrupts on purpose), so it does not reach
     * the first task. On this thread, before its loop runs.
     *
     * @param stopping whether the pool has reached STOP
     */
    void captureBaseline(boolean stopping) {
        baseName = getName();
        basePriority = getPriority();
        baseLoader = getContextClassLoader();
        baseHandler = getUncaughtExceptionHandler();
        afterTask &= ~LOADER_OR_HANDLER_SET;
        if (!stopping) {
            Thread.interrupted();
        }
    }

    /**
     * After every task: whether the task changed its thread or the hand-off layer wants to hear
     * of its end, so that {@link #afterTaskSlow} must run. Three field loads and compares (the
     * name compared by identity), no allocation: measured with valgrind on spawn_many_local,
     * reading the loader's and the handler's getters here cost about 28 instructions per task
     * (some 13% of an empty task's path), the bit their setters raise costs nothing more.
     *
     * @return whether {@link #afterTaskSlow} must run
     */
    boolean afterTaskDirty() {
        // the bits and the priority's difference in one word, one test: a branch less
        return (afterTask | (getPriority() ^ basePriority)) != 0 | getName() != baseName;
    }

    /**
     * Puts back what the task changed of its thread; reports whether the hand-off layer asked to
     * hear of the task's end (and forgets the request).
     *
     * @return whether the hand-off layer's {@code taskEnded} must run
     */
    boolean afterTaskSlow() {
        if (getName() != baseName && !getName().equals(baseName)) {
            setName(baseName);
        }
        if (getPriority() != basePriority) {
            setPriority(basePriority);
        }
        if (getContextClassLoader() != baseLoader) {
            setContextClassLoader(baseLoader);
        }
        if (getUncaughtExceptionHandler() != baseHandler) {
            // the thread group answers for a thread with no handler of its own
            setUncaughtExceptionHandler(baseHandler == getThreadGroup() ? null : baseHandler);
        }
        baseName = getName();
        // after the puts back above, which went through the setters too
        final boolean wanted = (afterTask & TASK_END_WANTED) != 0;
        afterTask = 0;
        return wanted;
    }

    /** Sets the loader and notes it, so that the end of the running task puts the pool's back. */
    @Override
    public void setContextClassLoader(ClassLoader loader) {
        super.setContextClassLoader(loader);
        afterTask |= LOADER_OR_HANDLER_SET;
    }

    /** Sets the handler and notes it, so that the end of the running task puts the pool's back. */
    @Override
    public void setUncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
        super.setUncaughtExceptionHandler(handler);
        afterTask |= LOADER_OR_HANDLER_SET;
    }

    /** Asks to hear of the end of the running task (the hand-off layer's {@code taskEnded}). This thread only. */
    public void wantTaskEnd() {
        afterTask |= TASK_END_WANTED;
    }

    /** {@return the hand-off layer's state of this thread} Plain: set before the thread started. */
    public Object handOffState() {
        return handOffState;
    }

    /**
     * Sets the hand-off layer's state of this thread; before the thread starts (its start
     * publishes it), once.
     *
     * @param state the state object
     */
    public void handOffState(Object state) {
        handOffState = state;
    }
}

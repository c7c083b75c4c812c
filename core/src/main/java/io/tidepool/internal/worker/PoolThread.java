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

/**
 * A thread a pool started: a {@link WorkerThread} (worker, thread in a blocking section, backup)
 * or a thread of the pool's {@code spawnBlocking} executor. A submission from one is a spawn
 * from inside the pool (accepted after {@code shutdown()}), and {@code close()} there only shuts
 * down, since termination waits for the thread itself.
 */
public class PoolThread extends Thread {
    private final Pool pool;

    /**
     * A thread of {@code pool}.
     *
     * @param pool the pool that starts it
     * @param body what the thread runs, or null to run {@link #run()}
     * @param name the thread's name
     * @param stackSize the stack size, 0 for the platform default
     */
    public PoolThread(Pool pool, Runnable body, String name, long stackSize) {
        super(null, body, name, stackSize);
        this.pool = pool;
    }

    /**
     * A thread of {@code pool} made on demand for whichever caller needed it (a spawnBlocking
     * thread): it inherits no {@link InheritableThreadLocal} of that caller and takes the pool
     * creator's context class loader, so one caller's context never reaches another's jobs.
     *
     * @param pool the pool that starts it
     * @param body what the thread runs
     * @param name the thread's name
     * @param stackSize the stack size, 0 for the platform default
     * @return the thread, not started
     */
    public static PoolThread onDemand(Pool pool, Runnable body, String name, long stackSize) {
        final PoolThread t = new PoolThread(pool, body, name, stackSize, false);
        t.setContextClassLoader(pool.creatorClassLoader());
        return t;
    }

    private PoolThread(Pool pool, Runnable body, String name, long stackSize,
            boolean inheritThreadLocals) {
        super(null, body, name, stackSize, inheritThreadLocals);
        this.pool = pool;
    }

    /**
     * A thread of {@code pool} that runs {@link #run()}, inheriting thread-locals or not.
     *
     * @param pool the pool that starts it
     * @param name the thread's name
     * @param stackSize the stack size, 0 for the platform default
     * @param inheritThreadLocals whether it inherits the creating thread's inheritable values
     */
    protected PoolThread(Pool pool, String name, long stackSize, boolean inheritThreadLocals) {
        this(pool, null, name, stackSize, inheritThreadLocals);
    }

    /** {@return the pool this thread belongs to} */
    public final Pool pool() {
        return pool;
    }

    /**
     * Joins {@code t}, going on through interrupts.
     *
     * @param t the thread
     * @return whether the caller was interrupted meanwhile
     */
    public static boolean joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}

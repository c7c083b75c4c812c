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

package io.tidepool.fault;

import static io.tidepool.fault.FaultSupport.WAIT_SECONDS;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.handoff.BlockingSpi;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 13: an interrupt left by {@code afterStart} does not reach the first task, and
 * what a task changes of its thread (name, priority, context class loader, uncaught-exception
 * handler) is put back before the next task; what {@code afterStart} and {@code aroundWorker}
 * install stays. Also: a backup thread made by a task's hand-off starts clean (no inherited
 * values of that task, the creator's context class loader).
 */
@Timeout(60)
class TaskThreadStateTest {
    private static final InheritableThreadLocal<String> TENANT = new InheritableThreadLocal<>();

    private static final class Loader extends ClassLoader {
        Loader() {
            super(TaskThreadStateTest.class.getClassLoader());
        }
    }

    /** What a task saw of its thread. */
    private record Seen(Thread thread, String name, int priority, ClassLoader loader,
            Thread.UncaughtExceptionHandler handler, boolean interrupted, String tenant) {
        static Seen now() {
            final Thread t = Thread.currentThread();
            return new Seen(t, t.getName(), t.getPriority(), t.getContextClassLoader(),
                    t.getUncaughtExceptionHandler(), t.isInterrupted(), TENANT.get());
        }
    }

    @Test
    void anInterruptSetInAfterStartShouldNotReachTheFirstTask() throws Exception {
        final CountDownLatch submitted = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("state-irq")
                .afterStart(() -> {
                    // the task is queued before the worker first looks (it must not park first,
                    // a park would swallow the interrupt)
                    try {
                        submitted.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    Thread.currentThread().interrupt();
                }).build();
        try {
            final Future<Seen> firstTask = pool.submit(Seen::now);
            submitted.countDown();
            final Seen first = firstTask.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertFalse(first.interrupted(), "the first task saw the hook's interrupt");
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void whatATaskChangesOfItsThreadShouldBePutBackBeforeTheNextTask() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("state-restore").build();
        try {
            final Seen before = pool.submit(Seen::now).get(WAIT_SECONDS, TimeUnit.SECONDS);
            final Thread.UncaughtExceptionHandler mine = (t, e) -> { };
            pool.submit(() -> {
                final Thread t = Thread.currentThread();
                t.setName("renamed-by-a-task");
                t.setPriority(before.priority() == Thread.MIN_PRIORITY
                        ? Thread.MIN_PRIORITY + 1 : Thread.MIN_PRIORITY);
                t.setContextClassLoader(new Loader());
                t.setUncaughtExceptionHandler(mine);
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
            final Seen after = pool.submit(Seen::now).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertSame(before.thread(), after.thread(), "one worker, one thread");
            assertEquals(before.name(), after.name(), "name");
            assertEquals(before.priority(), after.priority(), "priority");
            assertSame(before.loader(), after.loader(), "context class loader");
            assertSame(before.handler(), after.handler(), "uncaught-exception handler");
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void whatTheHooksInstallShouldStayAcrossTasks() throws Exception {
        final ClassLoader hookLoader = new Loader();
        final ClassLoader wrapperLoader = new Loader();
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("state-hooks")
                .afterStart(() -> {
                    Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
                    Thread.currentThread().setContextClassLoader(hookLoader);
                })
                .aroundWorker((worker, loop) -> {
                    Thread.currentThread().setContextClassLoader(wrapperLoader);
                    loop.run();
                })
                .build();
        try {
            pool.submit(() -> Thread.currentThread().setContextClassLoader(new Loader()))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            final Seen seen = pool.submit(Seen::now).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(Thread.MIN_PRIORITY, seen.priority(), "afterStart's priority");
            assertSame(wrapperLoader, seen.loader(), "aroundWorker's loader, set last");
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void aBackupThreadMadeByATasksHandOffShouldStartClean() throws Exception {
        final ClassLoader creator = new Loader();
        final Thread self = Thread.currentThread();
        final ClassLoader saved = self.getContextClassLoader();
        final ThreadPool pool;
        self.setContextClassLoader(creator);
        try {
            pool = ThreadPool.builder().poolSize(1).namePrefix("state-backup").build();
        } finally {
            self.setContextClassLoader(saved);
        }
        try {
            final CountDownLatch behindRan = new CountDownLatch(1);
            final Seen[] behind = new Seen[1];
            final Future<Boolean> section = pool.submit(() -> {
                TENANT.set("tenant");
                Thread.currentThread().setContextClassLoader(new Loader());
                // queued on this worker's deque, so it runs on whichever thread gets the worker
                pool.execute(() -> {
                    behind[0] = Seen.now();
                    behindRan.countDown();
                });
                final boolean handedOff = BlockingSpi.tryHandOff();
                try {
                    return behindRan.await(WAIT_SECONDS, TimeUnit.SECONDS) && handedOff;
                } finally {
                    if (handedOff) {
                        BlockingSpi.endHandOff();
                    }
                    TENANT.remove();
                }
            });
            assertTrue(section.get(WAIT_SECONDS, TimeUnit.SECONDS),
                    "the section must hand off and the queued task run meanwhile");
            assertNotSame(self, behind[0].thread());
            assertNull(behind[0].tenant(), "an inherited value of the task that made the backup");
            assertSame(creator, behind[0].loader(), "the backup's context class loader");
        } finally {
            shutdownAndAwait(pool);
        }
    }
}

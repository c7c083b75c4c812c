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

package io.tidepool;

import java.lang.reflect.Method;

/**
 * Per-thread CPU time from the platform {@code ThreadMXBean}, reached through reflection: the
 * tests are compiled into the {@code io.tidepool} module, which does not read
 * {@code java.management}, and core reflection implies readability where a direct reference
 * would need {@code --add-reads} in the build.
 */
final class ThreadCpuClock {
    private final Object bean;
    private final Method threadCpuTime;

    private ThreadCpuClock(Object bean, Method threadCpuTime) {
        this.bean = bean;
        this.threadCpuTime = threadCpuTime;
    }

    /** The platform clock, or null where per-thread CPU time is unsupported. */
    static ThreadCpuClock platform() throws ReflectiveOperationException {
        final Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
        final Class<?> type = Class.forName("java.lang.management.ThreadMXBean");
        final Object bean = factory.getMethod("getThreadMXBean").invoke(null);
        if (!(Boolean) type.getMethod("isThreadCpuTimeSupported").invoke(bean)) {
            return null;
        }
        if (!(Boolean) type.getMethod("isThreadCpuTimeEnabled").invoke(bean)) {
            type.getMethod("setThreadCpuTimeEnabled", boolean.class).invoke(bean, true);
        }
        return new ThreadCpuClock(bean, type.getMethod("getThreadCpuTime", long.class));
    }

    /** CPU time used by {@code thread} in nanoseconds, or -1 if it is not alive. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
    long cpuNanos(Thread thread) throws ReflectiveOperationException {
        return (Long) threadCpuTime.invoke(bean, thread.getId());
    }
}

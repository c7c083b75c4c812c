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

package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;

/**
 * The backend of a platform where tidepool cannot pin threads: reports every CPU of the JVM as
 * allowed and refuses to pin, giving the reason.
 */
public final class UnsupportedAffinity implements AffinityBackend {
    private final String reason;

    /**
     * Creates the backend.
     *
     * @param reason why pinning is unavailable, shown in warnings and strict-mode errors
     */
    public UnsupportedAffinity(String reason) {
        this.reason = reason;
    }

    @Override
    public String name() {
        return "unsupported";
    }

    @Override
    public String unsupportedReason() {
        return reason;
    }

    @Override
    public CpuSet processAllowed() {
        return CpuSet.range(0, Runtime.getRuntime().availableProcessors() - 1);
    }

    @Override
    public CpuSet present() {
        return processAllowed();
    }

    @Override
    public void pinCurrentThread(CpuSet cpus) {
        throw new AffinityException("cannot pin threads: " + reason);
    }

    @Override
    public CpuSet currentThreadAllowed() {
        return processAllowed();
    }

    @Override
    public int currentCpu() {
        return -1;
    }

    @Override
    public int numaNode(int cpu) {
        return -1;
    }
}

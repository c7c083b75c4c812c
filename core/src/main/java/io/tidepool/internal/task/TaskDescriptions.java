package io.tidepool.internal.task;

/** How error messages name a user's task: never by an internal class, never failing. */
public final class TaskDescriptions {
    private TaskDescriptions() {}

    /**
     * Describes a task for a message: its {@code toString()}, the user's task for an
     * {@link AsyncTaskCell}, and its class and identity when {@code toString()} throws (a
     * rejection must still reach its caller as a {@code RejectedExecutionException}).
     *
     * @param task the task as submitted or queued
     * @return a description; never throws
     */
    public static String describe(Object task) {
        final Object user = task instanceof AsyncTaskCell<?> cell ? cell.task() : task;
        try {
            return String.valueOf(user);
        } catch (Throwable t) {
            return user.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(user))
                    + " (its toString() threw " + t.getClass().getName() + ")";
        }
    }
}

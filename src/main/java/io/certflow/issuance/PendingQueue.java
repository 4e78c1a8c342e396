package io.certflow.issuance;

import java.time.Duration;

/**
 * How long a request waits before its order is polled again: often while it is young, rarely once
 * it is old, so a CA that takes days is not hammered and one that takes minutes is not kept waiting.
 */
public final class PendingQueue {

    static final Duration FIRST_DAY_INTERVAL = Duration.ofMinutes(5);
    static final Duration SECOND_DAY_INTERVAL = Duration.ofHours(1);
    static final Duration LATER_INTERVAL = Duration.ofDays(1);

    private PendingQueue() {
    }

    public static Duration pollInterval(Duration requestAge) {
        if (requestAge.compareTo(Duration.ofDays(1)) < 0) {
            return FIRST_DAY_INTERVAL;
        }
        if (requestAge.compareTo(Duration.ofDays(2)) < 0) {
            return SECOND_DAY_INTERVAL;
        }
        return LATER_INTERVAL;
    }
}

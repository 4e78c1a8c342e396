package io.certflow.renewal.ari;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to renew and when to ask the CA again, as pure functions (RFC 9773 §4.2 and §4.3).
 */
final class AriTiming {

    /** The CA's Retry-After is held between these bounds, so that neither a CA nor a typo makes Certflow ask every second or never. */
    static final Duration SHORTEST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofDays(1);
    /** A CA that gives no Retry-After is asked again after this long. */
    static final Duration NO_RETRY_AFTER = Duration.ofHours(6);
    /** Failed asks back off from one minute, doubling, up to this long. */
    static final Duration LONGEST_BACK_OFF = Duration.ofHours(6);

    private AriTiming() {
    }

    /**
     * The time to renew: the one chosen before while the CA's window stays the same, else a time drawn
     * uniformly inside the window, so that the certificates a CA gave one window are not all renewed in
     * the same minute. A window in the past gives a time in the past: renew at the next run.
     */
    static Instant renewAt(Instant start, Instant end, Known before, RandomGenerator random) {
        if (before != null && before.renewAt() != null && start.equals(before.windowStart()) && end.equals(before.windowEnd())) {
            return before.renewAt();
        }
        long spanMillis = Duration.between(start, end).toMillis();
        return spanMillis <= 0 ? start : start.plusMillis(random.nextLong(spanMillis));
    }

    /** When to ask again after an answer: after the CA's Retry-After, held between one minute and one day. */
    static Instant nextCheck(Instant now, Instant retryAfter) {
        if (retryAfter == null) {
            return now.plus(NO_RETRY_AFTER);
        }
        Duration wait = Duration.between(now, retryAfter);
        if (wait.compareTo(SHORTEST_RETRY) < 0) {
            return now.plus(SHORTEST_RETRY);
        }
        return wait.compareTo(LONGEST_RETRY) > 0 ? now.plus(LONGEST_RETRY) : retryAfter;
    }

    /** When to ask again after the {@code failures}-th failure in a row. */
    static Instant backOff(Instant now, int failures) {
        Duration wait = SHORTEST_RETRY.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
        return now.plus(wait.compareTo(LONGEST_BACK_OFF) > 0 ? LONGEST_BACK_OFF : wait);
    }

    /** What was stored from the CA's last answer about a certificate (all null before the first). */
    record Known(Instant windowStart, Instant windowEnd, Instant renewAt) {
    }
}

package io.certflow.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * When a certificate is renewed, as pure functions of its validity and the tenant's policy.
 * <p>
 * The policy's window is capped at half the certificate's lifetime: a 6-day certificate under a
 * 31-day window would otherwise be due the moment it is issued, and renewed again and again. Within
 * the window, each certificate is planned at a point of the window's first half fixed by its id, so
 * that a thousand certificates issued in one minute are not all renewed in one minute, and the same
 * certificate keeps its planned time from run to run.
 */
public final class RenewalWindow {

    private RenewalWindow() {
    }

    /** The window as it applies to this certificate: the policy's, or half its lifetime when that is shorter. */
    public static Duration effective(Instant notBefore, Instant notAfter, int windowDays) {
        Duration policy = Duration.ofDays(windowDays);
        Duration half = Duration.between(notBefore, notAfter).dividedBy(2);
        return policy.compareTo(half) <= 0 ? policy : half;
    }

    /** From when the certificate is eligible. */
    public static Instant start(Instant notBefore, Instant notAfter, int windowDays) {
        return notAfter.minus(effective(notBefore, notAfter, windowDays));
    }

    /** When the certificate is renewed: its window's start plus a fixed share of the window's first half. */
    public static Instant plannedAt(UUID certificateId, Instant notBefore, Instant notAfter, int windowDays) {
        Duration effective = effective(notBefore, notAfter, windowDays);
        long spreadMillis = effective.dividedBy(2).toMillis();
        return notAfter.minus(effective).plusMillis((long) (share(certificateId) * spreadMillis));
    }

    /** A number in [0, 1) that depends on the id only: the same on every node and every run. */
    static double share(UUID certificateId) {
        long mixed = certificateId.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ certificateId.getLeastSignificantBits();
        return (mixed >>> 11) / (double) (1L << 53);
    }
}

package io.certflow.error;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Asks again for a short, bounded time. Most CAs decide a challenge or issue a certificate within
 * a second or two; a longer wait belongs in a BPMN timer, not in a job thread.
 */
public final class BoundedWait {

    private static final long STEP_MILLIS = 100;

    private BoundedWait() {
    }

    /** Returns true as soon as {@code done} does, false when {@code max} has passed. */
    public static boolean until(Duration max, BooleanSupplier done) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() + STEP_MILLIS * 1_000_000 > deadline) {
                return false;
            }
            try {
                Thread.sleep(STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}

package io.certflow.error;

import java.time.Instant;
import java.util.Optional;

/**
 * A fault that may go away by itself (network, badNonce, 5xx, rate limit, DNS not yet visible).
 * It is left to escape so that the engine retries the step; {@link #retryAfter()} tells the
 * engine not to retry earlier than the CA asked.
 */
public class TransientFault extends RuntimeException {

    private final Instant retryAfter;

    public TransientFault(String message, Throwable cause) {
        this(message, cause, null);
    }

    public TransientFault(String message, Throwable cause, Instant retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The retry-after of the first TransientFault in a cause chain. */
    public static Optional<Instant> retryAfterIn(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof TransientFault fault && fault.retryAfter != null) {
                return Optional.of(fault.retryAfter);
            }
        }
        return Optional.empty();
    }
}

package io.certflow.error;

/**
 * A final outcome that no retry will change (the CA rejected a name, a challenge or an order is
 * invalid). The process ends the request as FAILED with {@link #detail()} as the visible reason.
 */
public class BusinessFailure extends RuntimeException {

    private final FailureReason reason;

    public BusinessFailure(FailureReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}

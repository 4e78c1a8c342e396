package io.certflow.validation;

public enum AuthorizationStatus {
    /** Transient: known from the order, nothing presented yet. */
    PENDING,
    /** Transient: the challenge answer is being served. */
    PRESENTED,
    /** Transient: the CA was asked to validate. */
    TRIGGERED,
    /** Final: control proven (by this or an earlier validation the CA reused). */
    VALID,
    /** Final: the CA could not confirm control; see failureReason. */
    INVALID,
    /**
     * Final: Certflow could not publish an answer at all (no DNS zone configured for the name);
     * see failureReason. A fresh order would fail the same way, so none is placed.
     */
    UNANSWERABLE
}

package io.certflow.certificate;

/** Where a certificate is in its life. */
public enum CertificateStatus {
    /** Transient: accepted, the issuance process is checking it. */
    REQUESTED,
    /** Transient: waits for a person to approve or reject it in Tasklist. */
    AWAITING_APPROVAL,
    /** Transient: the issuer's terms of service changed and must be accepted before ordering. */
    AWAITING_TERMS,
    /** Transient: the order is placed and the names are being validated. */
    VALIDATING,
    /** Transient: finalized; the CA is issuing (the pending queue). */
    PROCESSING,
    /** Final: the certificate, its chain and its encrypted key are stored. */
    ISSUED,
    /** Final: the CA, a validation or a person said no; see failureReason. */
    FAILED;

    public boolean isFinal() {
        return this == ISSUED || this == FAILED;
    }
}

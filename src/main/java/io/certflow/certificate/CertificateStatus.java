package io.certflow.certificate;

import java.util.Arrays;
import java.util.List;

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
    FAILED,
    /** Final: renewed; its successor is issued (and, where the policy says so, deployed in its place). */
    SUPERSEDED;

    private static final List<String> FINAL_NAMES = Arrays.stream(values()).filter(CertificateStatus::isFinal).map(Enum::name).toList();

    public boolean isFinal() {
        return this == ISSUED || this == FAILED || this == SUPERSEDED;
    }

    /** The names of the final statuses, for queries that must never change a final row. */
    public static List<String> finalNames() {
        return FINAL_NAMES;
    }
}

package io.certflow.error;

/** Why an issuance or a deployment ended; each maps to one BPMN error code in the workflow package. */
public enum FailureReason {
    /** The CA will not issue for a name (rejectedIdentifier, unsupportedIdentifier, caa, badCSR ...). */
    IDENTIFIER_REJECTED,
    /** A challenge ended invalid: the CA could not confirm control of the name. */
    VALIDATION_FAILED,
    /** The order ended invalid at the CA. */
    ORDER_INVALID,
    /** The request cannot be carried out as given (issuer gone, account refused). */
    REQUEST_INVALID,
    /** A CAA record forbids the issuer for a name, and Certflow cannot change it (RFC 8659). */
    CAA_FORBIDDEN,
    /**
     * A deployment target cannot be written as it stands (a path now leads out of the allowed
     * directories, an owner Certflow may not set): a person must fix the target or the host.
     */
    DEPLOYMENT_REFUSED
}

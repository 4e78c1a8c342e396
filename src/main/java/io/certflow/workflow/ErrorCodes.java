package io.certflow.workflow;

import io.certflow.error.FailureReason;

/** BPMN error codes; the same strings appear in the errorCode attributes in bpmn/ (BpmnReferencesTest holds both sides together). */
public final class ErrorCodes {

    public static final String IDENTIFIER_REJECTED = "identifier-rejected";
    public static final String VALIDATION_FAILED = "validation-failed";
    public static final String ORDER_INVALID = "order-invalid";
    public static final String REQUEST_INVALID = "request-invalid";
    public static final String TERMS_NOT_ACCEPTED = "terms-not-accepted";
    /** Thrown by the BPMN itself (EndEvent_TermsDeclined) when a person declines the terms in Tasklist. */
    public static final String TERMS_DECLINED = "terms-declined";
    public static final String CAA_FORBIDDEN = "caa-forbidden";
    public static final String REPOSITORY_NOT_RESET = "repository-not-reset";
    public static final String DEPLOYMENT_REFUSED = "deployment-refused";

    private ErrorCodes() {
    }

    public static String of(FailureReason reason) {
        return switch (reason) {
            case IDENTIFIER_REJECTED -> IDENTIFIER_REJECTED;
            case VALIDATION_FAILED -> VALIDATION_FAILED;
            case ORDER_INVALID -> ORDER_INVALID;
            case REQUEST_INVALID -> REQUEST_INVALID;
            case CAA_FORBIDDEN -> CAA_FORBIDDEN;
            case DEPLOYMENT_REFUSED -> DEPLOYMENT_REFUSED;
        };
    }
}

package io.certflow.workflow;

/** Process definition keys, as in bpmn/. */
public final class ProcessKeys {

    public static final String CERTIFICATE_ISSUANCE = "CertificateIssuanceProcess";
    public static final String DOMAIN_VALIDATION = "DomainValidationProcess";

    private ProcessKeys() {
    }
}

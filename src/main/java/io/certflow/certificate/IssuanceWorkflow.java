package io.certflow.certificate;

import java.util.List;
import java.util.UUID;

/** What the certificate feature needs from the process engine (implemented in the workflow package). */
public interface IssuanceWorkflow {

    /** Starts CertificateIssuanceProcess for a stored request; returns the process instance id. */
    String startIssuance(UUID requestId, UUID certificateId, UUID issuerId, String tenantId, List<String> domains);

    /** Completes the terms-of-service tasks of every request waiting for this issuer's terms. */
    void termsAccepted(UUID issuerId, String userId);
}

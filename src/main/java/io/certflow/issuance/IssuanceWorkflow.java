package io.certflow.issuance;

import java.util.List;
import java.util.UUID;

/** What issuance needs from the process engine (implemented in the workflow package). */
public interface IssuanceWorkflow {

    /** Starts CertificateIssuanceProcess for a stored request; returns the process instance id. */
    String startIssuance(UUID requestId, UUID certificateId, UUID issuerId, String tenantId, List<String> domains);
}

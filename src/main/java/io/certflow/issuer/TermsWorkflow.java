package io.certflow.issuer;

import java.util.UUID;

/** What accepting an issuer's terms needs from the process engine (implemented in the workflow package). */
public interface TermsWorkflow {

    /** Completes the terms-of-service tasks of every request waiting for this issuer's terms. */
    void termsAccepted(UUID issuerId, String userId);
}

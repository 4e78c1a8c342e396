package io.certflow.workflow.issuance;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.certflow.certificate.IssuanceService;

/**
 * Values the issuance BPMN computes through expressions rather than stores as variables: the
 * list of authorizations (a list variable would need serialization) and the pending-queue timer.
 */
@Component("issuance")
public class IssuanceExpressions {

    private final IssuanceService issuance;

    public IssuanceExpressions(IssuanceService issuance) {
        this.issuance = issuance;
    }

    /** The authorization ids the multi-instance call activity runs DomainValidationProcess for. */
    public List<String> authorizationsToValidate(String certificateRequestId) {
        return issuance.authorizationsToValidate(UUID.fromString(certificateRequestId));
    }

    /** ISO-8601 duration of Timer_PendingQueue: PT5M under one day, PT1H under two, P1D after. */
    public String pendingQueueInterval(String certificateRequestId) {
        return issuance.pendingPollInterval(UUID.fromString(certificateRequestId)).toString().replace("PT24H", "P1D");
    }
}

package io.certflow.workflow.issuance;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentService;
import io.certflow.issuance.IssuanceService;
import io.certflow.validation.caa.CaaPreflight;

/**
 * Values the issuance BPMN computes through expressions rather than stores as variables: the
 * list of authorizations (a list variable would need serialization), the pending-queue timer and
 * whether the CAA preflight applies.
 */
@Component("issuance")
public class IssuanceExpressions {

    private final IssuanceService issuance;
    private final CaaPreflight caa;
    private final DeploymentService deployments;

    public IssuanceExpressions(IssuanceService issuance, CaaPreflight caa, DeploymentService deployments) {
        this.issuance = issuance;
        this.caa = caa;
        this.deployments = deployments;
    }

    /** Gateway_DeployRequested: whether the request named targets (deployTo) to deploy to once issued. */
    public boolean deployRequested(String certificateRequestId) {
        return deployments.hasRequestTargets(UUID.fromString(certificateRequestId));
    }

    /** Gateway_CaaPreflightNeeded: only an issuer with a CAA identity can be checked against CAA records. */
    public boolean caaPreflightNeeded(String certificateRequestId) {
        return caa.needed(UUID.fromString(certificateRequestId));
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

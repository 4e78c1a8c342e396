package io.certflow.workflow.renewal;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalSteps;

/** Values the renewal BPMN computes through expressions: the deployments the multi-instance call activity runs. */
@Component("renewals")
public class RenewalExpressions {

    private final RenewalSteps steps;

    public RenewalExpressions(RenewalSteps steps) {
        this.steps = steps;
    }

    /** The ids of the successor's deployments, read from the database rather than kept as a list variable. */
    public List<String> redeploymentIds(String renewalId) {
        return steps.redeploymentIds(UUID.fromString(renewalId));
    }
}

package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_PrepareRedeployments: the successor's deployments to every target of its predecessor, when the policy provisions them. */
@Component("prepareRedeploymentsDelegate")
public class PrepareRedeploymentsDelegate extends CertflowDelegate {

    private final RenewalSteps steps;

    public PrepareRedeploymentsDelegate(RenewalSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.prepareRedeployments(renewalId(execution));
    }
}

package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_CheckRedeployments: whether every deployment of the successor ended DEPLOYED. */
@Component("checkRedeploymentsDelegate")
public class CheckRedeploymentsDelegate extends CertflowDelegate {

    private final RenewalSteps steps;

    public CheckRedeploymentsDelegate(RenewalSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.REDEPLOYED, steps.redeployed(renewalId(execution)));
    }
}

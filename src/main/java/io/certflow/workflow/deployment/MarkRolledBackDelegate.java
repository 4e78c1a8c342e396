package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_MarkRolledBack: ends the deployment ROLLED_BACK with its reason: a business outcome, not an incident. */
@Component("markRolledBackDelegate")
public class MarkRolledBackDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public MarkRolledBackDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.markRolledBack(deploymentId(execution));
    }
}

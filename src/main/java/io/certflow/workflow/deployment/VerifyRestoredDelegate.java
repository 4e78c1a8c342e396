package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_VerifyRestored: looks once at the endpoint for the previous certificate; past the grace period an incident. */
@Component("verifyRestoredDelegate")
public class VerifyRestoredDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public VerifyRestoredDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.PREVIOUS_SERVED, steps.verifyRestored(deploymentId(execution)));
    }
}

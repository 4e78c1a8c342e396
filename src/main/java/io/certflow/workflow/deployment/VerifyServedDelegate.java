package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_VerifyServed: looks once at the endpoint for the new certificate, within the grace period. */
@Component("verifyServedDelegate")
public class VerifyServedDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public VerifyServedDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.VERIFICATION, steps.verify(deploymentId(execution)).name());
    }
}

package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_MarkDeployed: ends the deployment DEPLOYED and forgets the kept copy. */
@Component("markDeployedDelegate")
public class MarkDeployedDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public MarkDeployedDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.markDeployed(deploymentId(execution));
    }
}

package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_MarkDeploymentFailed: ends a deployment the target refused before anything was written as FAILED. */
@Component("markDeploymentFailedDelegate")
public class MarkDeploymentFailedDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public MarkDeploymentFailedDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.markFailed(deploymentId(execution), (String) execution.getVariable(ProcessVariables.FAILURE_REASON));
    }
}

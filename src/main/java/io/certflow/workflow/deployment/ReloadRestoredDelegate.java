package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_ReloadRestored: reloads the restored files; a failure is an incident. */
@Component("reloadRestoredDelegate")
public class ReloadRestoredDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public ReloadRestoredDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.reloadRestored(deploymentId(execution));
    }
}

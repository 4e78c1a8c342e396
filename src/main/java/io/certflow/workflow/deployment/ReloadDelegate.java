package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_Reload: runs the target's reload command; a failure leads to the rollback. */
@Component("reloadDelegate")
public class ReloadDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public ReloadDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.RELOAD_SUCCEEDED, steps.reload(deploymentId(execution)));
    }
}

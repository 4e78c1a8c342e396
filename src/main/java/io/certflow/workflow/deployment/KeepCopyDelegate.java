package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_KeepCopy: keeps what the target holds, and which certificate its endpoint serves, for a rollback. */
@Component("keepCopyDelegate")
public class KeepCopyDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public KeepCopyDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.recordProcess(deploymentId(execution), execution.getProcessInstanceId());
        steps.keepCopy(deploymentId(execution));
    }
}

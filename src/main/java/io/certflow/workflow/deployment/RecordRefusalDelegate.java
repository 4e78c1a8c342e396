package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_RecordRefusal: starts the rollback of a write or reload the target refused, with the reason the error event caught. */
@Component("recordRefusalDelegate")
public class RecordRefusalDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public RecordRefusalDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.refused(deploymentId(execution), (String) execution.getVariable(ProcessVariables.FAILURE_REASON));
    }
}

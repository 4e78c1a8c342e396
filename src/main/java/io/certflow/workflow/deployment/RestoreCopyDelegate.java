package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_RestoreCopy: puts back what the target held before the deployment. */
@Component("restoreCopyDelegate")
public class RestoreCopyDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public RestoreCopyDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.restore(deploymentId(execution));
    }
}

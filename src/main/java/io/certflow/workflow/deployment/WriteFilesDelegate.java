package io.certflow.workflow.deployment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSteps;
import io.certflow.workflow.CertflowDelegate;

/** Task_WriteFiles: writes the certificate, chain and key to the target, each file replaced whole. */
@Component("writeFilesDelegate")
public class WriteFilesDelegate extends CertflowDelegate {

    private final DeploymentSteps steps;

    public WriteFilesDelegate(DeploymentSteps steps) {
        this.steps = steps;
    }

    @Override
    protected void run(DelegateExecution execution) {
        steps.write(deploymentId(execution));
    }
}

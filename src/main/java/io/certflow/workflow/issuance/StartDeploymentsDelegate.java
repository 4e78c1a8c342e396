package io.certflow.workflow.issuance;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_StartDeployments: deploys the issued certificate to every target its request named. */
@Component("startDeploymentsDelegate")
public class StartDeploymentsDelegate extends CertflowDelegate {

    private final DeploymentService deployments;

    public StartDeploymentsDelegate(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @Override
    protected void run(DelegateExecution execution) {
        deployments.startRequested(requestId(execution),
                UUID.fromString((String) execution.getVariable(ProcessVariables.CERTIFICATE_ID)));
    }
}

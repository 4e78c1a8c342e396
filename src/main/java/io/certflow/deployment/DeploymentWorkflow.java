package io.certflow.deployment;

import java.util.UUID;

/** Starts the process of a deployment; implemented by the workflow layer, so this package needs no engine. */
public interface DeploymentWorkflow {

    /** Starts CertificateDeploymentProcess for a deployment row written in the same transaction; returns the instance id. */
    String startDeployment(Deployment deployment);
}

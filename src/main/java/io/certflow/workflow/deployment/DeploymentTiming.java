package io.certflow.workflow.deployment;

import org.springframework.stereotype.Component;

import io.certflow.deployment.DeploymentSettings;

/** The timers of CertificateDeploymentProcess, read by expressions in the BPMN. */
@Component("deploymentTiming")
public class DeploymentTiming {

    private final DeploymentSettings settings;

    public DeploymentTiming(DeploymentSettings settings) {
        this.settings = settings;
    }

    /** The wait between two looks at an endpoint within the grace period, as an ISO-8601 duration. */
    public String getVerifyInterval() {
        return settings.verifyInterval().toString();
    }
}

package io.certflow.deployment;

/** How a target receives a certificate; one adapter each. */
public enum DeploymentTargetKind {
    /** PEM files (certificate, chain, full chain, key) on the Certflow host, under an allowed root. */
    PEM_FILES
}

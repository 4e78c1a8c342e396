package io.certflow.deployment;

/** How a target receives a certificate; one adapter each. */
public enum DeploymentTargetKind {
    /** PEM files (certificate, chain, full chain, key) on the Certflow host, under an allowed root. */
    PEM_FILES,
    /** A PKCS#12 or JKS keystore on the Certflow host, under an allowed root, written whole. */
    KEYSTORE,
    /** The PEM files on another host, over SFTP, logging in to an SSH server whose host key is pinned. */
    SSH
}

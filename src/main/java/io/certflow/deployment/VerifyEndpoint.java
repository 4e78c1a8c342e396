package io.certflow.deployment;

/** The TLS endpoint that must serve the new certificate before a deployment counts as done. */
public record VerifyEndpoint(String host, int port, String serverName) {
}

package io.certflow.deployment;

/** The TLS endpoint that must serve the new certificate before a deployment counts as done. */
public record VerifyEndpoint(String host, int port, String serverName) {

    /** host:port (server name), as messages show it. */
    String shown() {
        return host + ":" + port + (serverName == null ? "" : " (" + serverName + ")");
    }
}

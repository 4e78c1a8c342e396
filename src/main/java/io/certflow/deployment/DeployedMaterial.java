package io.certflow.deployment;

/**
 * The new certificate as a PEM_FILES target writes it. Holds a private key in clear: keep it in
 * memory only as long as a write takes, never in a process variable or a log.
 */
public record DeployedMaterial(String certificatePem, String chainPem, String fullChainPem, String privateKeyPem) {

    @Override
    public String toString() {
        return "DeployedMaterial[private key not shown]";
    }
}

package io.certflow.deployment;

/**
 * How Certflow logs in to an SSH target's host: the server it expects, pinned by its host key, and
 * exactly one secret, sealed by {@link io.certflow.crypto.KeyProtection} (never returned by the API).
 *
 * @param hostKeyFingerprint the host key's {@code SHA256:} fingerprint; a server presenting another key is refused
 *                           before Certflow authenticates, and nothing is read or written
 * @param sealedPrivateKey   the private key (OpenSSH or PEM text), sealed with {@link #PRIVATE_KEY_PURPOSE}; null with a password
 * @param sealedPassword     the password, sealed with {@link #PASSWORD_PURPOSE}; null with a private key
 */
public record SshLogin(String host, int port, String user, String hostKeyFingerprint, String sealedPrivateKey,
                       String sealedPassword) {

    public static final int DEFAULT_PORT = 22;
    public static final String PRIVATE_KEY_PURPOSE = "deployment-ssh-private-key";
    public static final String PASSWORD_PURPOSE = "deployment-ssh-password";

    /** Where the files of a deployment were kept from: another origin is another machine. */
    String origin() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "SshLogin[" + origin() + ", hostKeyFingerprint=" + hostKeyFingerprint + ", secret not shown]";
    }
}

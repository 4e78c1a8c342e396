package io.certflow.deployment;

/**
 * What the API sends for an SSH target's login, checked by {@link SshChecks} before anything is
 * stored. Holds a private key or a password in clear: never log it or send it back.
 *
 * @param port       null: {@value SshLogin#DEFAULT_PORT}
 * @param privateKey OpenSSH or PEM private key text, without a passphrase; null on a change keeps the stored secret
 * @param password   instead of a private key; null on a change keeps the stored secret
 */
public record SshLoginSettings(String host, Integer port, String user, String privateKey, String password,
                               String hostKeyFingerprint) {

    /** A 16384-bit RSA key in PEM is about 12,700 characters; nothing an SSH server accepts is longer. */
    public static final int MAX_PRIVATE_KEY = 16 * 1024;

    @Override
    public String toString() {
        return "SshLoginSettings[host=" + host + ", port=" + port + ", user=" + user + ", hostKeyFingerprint="
                + hostKeyFingerprint + ", secret not shown]";
    }
}

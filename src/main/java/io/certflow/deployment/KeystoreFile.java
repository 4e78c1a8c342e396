package io.certflow.deployment;

/**
 * Where a KEYSTORE target puts the certificate: one keystore file, written whole, holding the key and
 * its chain under one alias.
 *
 * @param sealedPassword the keystore password as {@link io.certflow.crypto.KeyProtection} encrypted it
 *                       (purpose {@link #PASSWORD_PURPOSE}); never returned by the API
 */
public record KeystoreFile(String path, KeystoreFormat format, String alias, String sealedPassword) {

    public static final String PASSWORD_PURPOSE = "deployment-keystore-password";
    /** The keystore holds a private key: the owner's alone. */
    public static final String MODE = "0600";

    @Override
    public String toString() {
        return "KeystoreFile[path=" + path + ", format=" + format + ", alias=" + alias + ", password not shown]";
    }
}

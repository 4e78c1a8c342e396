package io.certflow.deployment;

/** The file formats of a KEYSTORE target, named as Java's {@link java.security.KeyStore} types. */
public enum KeystoreFormat {
    PKCS12,
    JKS
}

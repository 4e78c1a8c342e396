package io.certflow.deployment;

/**
 * What the API sends for a KEYSTORE target, checked by {@link KeystoreChecks} before anything is
 * stored. Holds the password in clear: never log it or send it back.
 *
 * @param format   PKCS12 or JKS; null: PKCS12
 * @param alias    null: {@value KeystoreChecks#DEFAULT_ALIAS}
 * @param password null on a change: the stored one stays
 */
public record KeystoreSettings(String path, String format, String alias, String password) {

    @Override
    public String toString() {
        return "KeystoreSettings[path=" + path + ", format=" + format + ", alias=" + alias + ", password not shown]";
    }
}

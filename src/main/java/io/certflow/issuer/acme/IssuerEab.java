package io.certflow.issuer.acme;

/** External Account Binding: the HMAC key is kept encrypted under this purpose. */
public final class IssuerEab {

    public static final String PURPOSE = "acme-eab-hmac-key";

    private IssuerEab() {
    }
}

package io.certflow.issuer;

public enum IssuerType {
    /** A CA spoken to over ACME (RFC 8555), public or private. */
    ACME,
    /** Certflow's own intermediate CA. */
    PRIVATE_CA
}

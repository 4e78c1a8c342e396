package io.certflow.repository;

/** Where a repository's certificates come from, and so which certificates it accepts. */
public enum ApplicationRepositoryDataSource {
    /** Uploaded certificates of any origin, with their keys. */
    UPLOADED,
    /** CA certificates only, each with a complete chain to a self-signed root; no keys. */
    UPLOADED_CA,
    /** Certificates issued by Certflow's private CA from the repository's one intermediate CA. */
    PRIVATE,
    /** Signing certificates (electronic signatures, contract signing) from the repository's one intermediate CA. */
    COMPLIANT;

    /** PRIVATE and COMPLIANT issue from an intermediate CA bound to the repository. */
    public boolean bindsCa() {
        return this == PRIVATE || this == COMPLIANT;
    }
}

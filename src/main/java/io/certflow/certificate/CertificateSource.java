package io.certflow.certificate;

public enum CertificateSource {
    /** Issued through Certflow; can be renewed automatically. */
    ISSUED,
    /** Brought in by a user; Certflow cannot renew it. */
    UPLOADED
}

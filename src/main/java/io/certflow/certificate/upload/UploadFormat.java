package io.certflow.certificate.upload;

/** How an uploaded certificate bundle is encoded. */
public enum UploadFormat {
    /** Text with -----BEGIN ...----- blocks: certificates, and at most one private key (PKCS#8, encrypted PKCS#8, RSA or EC). */
    PEM,
    /** A password-protected PKCS#12 (.p12, .pfx) keystore. */
    PKCS12
}

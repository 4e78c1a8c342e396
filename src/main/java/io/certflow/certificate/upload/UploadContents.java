package io.certflow.certificate.upload;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** What an upload held, in the order it held it, read but not yet checked. */
record UploadContents(List<X509Certificate> certificates, List<PrivateKey> keys) {
}

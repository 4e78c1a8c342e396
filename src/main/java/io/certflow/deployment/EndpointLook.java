package io.certflow.deployment;

import java.security.cert.X509Certificate;
import java.time.Duration;

import io.certflow.crypto.Pem;

/** What an endpoint served at one look, or why nothing could be seen. */
record EndpointLook(X509Certificate served, String problem) {

    static EndpointLook at(ServedCertificateProbe probe, VerifyEndpoint endpoint, Duration timeout) {
        try {
            return new EndpointLook(probe.served(endpoint, timeout), null);
        } catch (ProbeFailedException e) {
            return new EndpointLook(null, e.getMessage());
        }
    }

    /** The serial served, as Certflow shows serials (lowercase hex); null when nothing was seen. */
    String serial() {
        return served == null ? null : served.getSerialNumber().toString(16);
    }

    String fingerprint() {
        return served == null ? null : Pem.sha256Fingerprint(served);
    }

    /** Whether the certificate seen is the one with this serial and SHA-256 fingerprint: a serial alone may repeat across CAs. */
    boolean serves(String serial, String fingerprint) {
        return served != null && serial().equals(serial) && fingerprint().equals(fingerprint);
    }
}

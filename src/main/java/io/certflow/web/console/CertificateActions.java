package io.certflow.web.console;

import java.time.Instant;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;

/**
 * Which of the API's actions a certificate's page offers, by the API's own rules: every member of the
 * tenant may take each of them, so what decides is the certificate. An upload cannot be turned
 * auto-managed (Certflow cannot renew what it did not issue; renewing it replaces it); only an issued,
 * unexpired certificate is deployed; only a certificate with names can be renewed.
 */
public record CertificateActions(boolean turnAutoManagementOn, boolean turnAutoManagementOff, boolean renew, boolean deploy) {

    static CertificateActions of(Certificate certificate, Instant now) {
        boolean issued = certificate.status() == CertificateStatus.ISSUED;
        boolean uploaded = certificate.source() == CertificateSource.UPLOADED;
        return new CertificateActions(!uploaded && !certificate.autoManaged(), certificate.autoManaged(),
                issued && !certificate.domains().isEmpty(),
                issued && certificate.notAfter() != null && certificate.notAfter().isAfter(now));
    }
}

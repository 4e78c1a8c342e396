package io.certflow.web.console;

import java.time.Instant;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;

/**
 * Which of the API's actions a certificate's page offers, by the API's own rules: every member of the
 * tenant may take each of them, so what decides is the certificate. An upload cannot be turned
 * auto-managed nor renewed (Certflow did not issue it): it is replaced by one Certflow issues. Only an
 * issued certificate without a successor is renewed or replaced; only an unexpired one is deployed.
 */
public record CertificateActions(boolean turnAutoManagementOn, boolean turnAutoManagementOff, boolean renew, boolean replace,
                                 boolean deploy) {

    static CertificateActions of(Certificate certificate, Instant now) {
        boolean current = certificate.status() == CertificateStatus.ISSUED && certificate.successorId() == null;
        boolean uploaded = certificate.source() == CertificateSource.UPLOADED;
        return new CertificateActions(!uploaded && !certificate.autoManaged(), certificate.autoManaged(),
                current && !uploaded && certificate.issuerId() != null,
                current && !certificate.domains().isEmpty(),
                certificate.status() == CertificateStatus.ISSUED && certificate.notAfter() != null && certificate.notAfter().isAfter(now));
    }
}

package io.certflow.web.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.certflow.certificate.Certificate;

/** One line of the certificates table, with its days to expiry and the colour they are shown in. */
public record CertificateRow(UUID id, String tenant, List<String> names, String status, String issuer, String source,
                             boolean autoManaged, Long daysToExpiry, String expiryClass, List<String> deployedTo) {

    /** Days under which an expiry is shown as urgent, and as a warning. */
    static final int URGENT_DAYS = 7;
    static final int WARNING_DAYS = 30;

    static CertificateRow of(Certificate certificate, String issuerName, List<String> deployedTo, Instant now) {
        Long days = certificate.notAfter() == null ? null
                : Math.floorDiv(Duration.between(now, certificate.notAfter()).toHours(), 24);
        return new CertificateRow(certificate.id(), certificate.tenantId(), certificate.domains(), certificate.status().name(),
                issuerName, certificate.source().name(), certificate.autoManaged(), days, expiryClass(days), deployedTo);
    }

    static String expiryClass(Long days) {
        if (days == null) {
            return "expiry-none";
        }
        if (days < 0) {
            return "expiry-expired";
        }
        if (days <= URGENT_DAYS) {
            return "expiry-urgent";
        }
        return days <= WARNING_DAYS ? "expiry-warning" : "expiry-ok";
    }
}

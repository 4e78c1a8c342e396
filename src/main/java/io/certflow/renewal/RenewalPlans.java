package io.certflow.renewal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.renewal.ari.AriTimes;

/** What renewal has planned for one certificate, for the certificate's own page. */
@Service
@Transactional(readOnly = true)
public class RenewalPlans {

    /** Where the planned time comes from: the tenant's policy window, or the CA's renewal information. */
    public enum Source {
        POLICY,
        ARI
    }

    /**
     * @param effectiveWindowStart from when the certificate is eligible (the policy's window, capped at half its lifetime)
     * @param plannedAt            when a run renews it
     * @param lastAttempt          when its last renewal started
     * @param lastFailure          why its last renewal failed, when it did
     * @param successorId          the certificate its last renewal issued, if any
     */
    public record RenewalPlan(Instant effectiveWindowStart, Instant plannedAt, Source source, Instant lastAttempt, String lastFailure,
                              UUID successorId) {
    }

    private final RenewalStore store;
    private final AriTimes ariTimes;

    public RenewalPlans(RenewalStore store, AriTimes ariTimes) {
        this.store = store;
        this.ariTimes = ariTimes;
    }

    /** The plan of a certificate that takes part in renewal (auto-managed, issued by Certflow); null for any other. */
    public RenewalPlan planOf(Certificate certificate) {
        if (!certificate.autoManaged() || certificate.source() != CertificateSource.ISSUED || certificate.notAfter() == null
                || certificate.status() != CertificateStatus.ISSUED && certificate.status() != CertificateStatus.SUPERSEDED) {
            return null;
        }
        RenewalPolicy policy = store.findPolicy(certificate.tenantId()).orElse(RenewalPolicy.off(certificate.tenantId()));
        List<Renewal> last = store.renewalsOf(certificate.id(), 1);
        Renewal renewal = last.isEmpty() ? null : last.get(0);
        Instant start = RenewalWindow.start(certificate.notBefore(), certificate.notAfter(), policy.windowDays());
        Instant planned = policy.enabled()
                ? RenewalWindow.plannedAt(certificate.id(), certificate.notBefore(), certificate.notAfter(), policy.windowDays()) : null;
        // Whichever comes first, as a run decides: the CA's time may be earlier than the policy's, never holds it back.
        Instant ari = policy.enabled() ? ariTimes.ariTime(certificate.id()).orElse(null) : null;
        boolean byAri = ari != null && ari.isBefore(planned);
        return new RenewalPlan(start, byAri ? ari : planned, byAri ? Source.ARI : Source.POLICY, renewal == null ? null : renewal.createdAt(),
                renewal != null && renewal.state() == RenewalState.FAILED ? renewal.reason() : null,
                certificate.successorId() != null ? certificate.successorId() : renewal == null ? null : renewal.successorId());
    }
}

package io.certflow.renewal;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.error.ConflictException;
import io.certflow.security.Caller;

/**
 * Renew now, for one certificate: the same renewal a run starts (CertificateRenewalProcess: a successor
 * from the certificate's issuer, deployed to its targets as the policy says, the certificate
 * superseded), at once and whatever its window or auto-management say. Any member of the tenant may
 * ask, as for Run Now. One renewal of a certificate is in flight at a time, whoever started it.
 */
@Service
public class RenewNow {

    private final CertificateService certificates;
    private final RenewalStore store;
    private final RenewalWorkflow workflow;
    private final Clock clock;

    public RenewNow(CertificateService certificates, RenewalStore store, RenewalWorkflow workflow, Clock clock) {
        this.certificates = certificates;
        this.store = store;
        this.workflow = workflow;
        this.clock = clock;
    }

    @Transactional
    public Renewal renew(Caller caller, UUID certificateId) {
        Certificate certificate = certificates.get(caller, certificateId);
        requireRenewable(certificate);
        Instant now = clock.instant();
        Renewal renewal = new Renewal(UUID.randomUUID(), certificate.tenantId(), certificate.id(), null, certificate.issuerId(), null,
                RenewalState.ISSUING, null, null, now, now, null);
        if (!store.insertRenewal(renewal)) {
            throw new ConflictException("certificate " + certificateId + " is being renewed already, or was renewed since:"
                    + " its renewal shows in GET /api/certificates/" + certificateId);
        }
        String processInstanceId = workflow.startRenewal(renewal, now);
        store.recordRenewalProcess(renewal.id(), processInstanceId);
        return store.findRenewal(renewal.id()).orElseThrow();
    }

    private void requireRenewable(Certificate certificate) {
        if (certificate.source() == CertificateSource.UPLOADED || certificate.issuerId() == null) {
            throw new ConflictException("certificate " + certificate.id() + " was uploaded: Certflow did not issue it and cannot renew it;"
                    + " replace it with one Certflow issues (POST /api/certificates/" + certificate.id() + "/replace)");
        }
        if (certificate.status() != CertificateStatus.ISSUED || certificate.successorId() != null) {
            throw new ConflictException("certificate " + certificate.id() + " is " + certificate.status()
                    + (certificate.successorId() == null ? "" : " with successor " + certificate.successorId())
                    + ": only an issued certificate without a successor is renewed");
        }
        if (store.isAutoSsl(certificate.id())) {
            throw new ConflictException("certificate " + certificate.id() + " is AutoSSL's, renewed by its account's checks:"
                    + " check the account (POST /api/autossl/runs with its account) instead");
        }
    }
}

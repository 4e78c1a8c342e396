package io.certflow.renewal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.deployment.Deployment;
import io.certflow.deployment.DeploymentService;
import io.certflow.deployment.DeploymentState;
import io.certflow.issuance.CertificateRequestService;
import io.certflow.issuance.CertificateRequestService.Prepared;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationService;

/**
 * The steps of CertificateRenewalProcess, one method per task. A failure leaves the old certificate
 * as it was; the next run tries again. A successor that was issued but whose deployment did not
 * succeed is deployed again by the next renewal rather than ordered anew.
 */
@Service
@Transactional
public class RenewalSteps {

    private static final Logger log = LoggerFactory.getLogger(RenewalSteps.class);

    private final RenewalStore store;
    private final CertificateStore certificates;
    private final CertificateRequestService requests;
    private final DeploymentService deployments;
    private final NotificationService notifications;
    private final RenewalWorkflow workflow;
    private final Clock clock;

    public RenewalSteps(RenewalStore store, CertificateStore certificates, CertificateRequestService requests,
                        DeploymentService deployments, NotificationService notifications, RenewalWorkflow workflow, Clock clock) {
        this.store = store;
        this.certificates = certificates;
        this.requests = requests;
        this.deployments = deployments;
        this.notifications = notifications;
        this.workflow = workflow;
        this.clock = clock;
    }

    /** What the issuance needs of the successor, or that an issued one exists already. */
    public record Successor(UUID certificateId, Prepared toIssue) {

        public boolean issuedAlready() {
            return toIssue == null;
        }
    }

    /**
     * The successor to issue: made once per renewal (run again, the same one). An issued successor of
     * an earlier renewal that never took its predecessor's place is taken instead of ordering another.
     */
    public Successor prepareSuccessor(UUID renewalId) {
        Renewal renewal = renewal(renewalId);
        if (renewal.successorId() != null) {
            Certificate successor = certificates.findCertificate(renewal.successorId()).orElseThrow();
            return successor.status() == CertificateStatus.ISSUED ? new Successor(successor.id(), null)
                    : new Successor(successor.id(), preparedOf(successor));
        }
        for (Renewal earlier : store.renewalsOf(renewal.certificateId(), 20)) {
            if (earlier.successorId() != null && !earlier.id().equals(renewalId) && certificates.findCertificate(earlier.successorId())
                    .filter(successor -> successor.status() == CertificateStatus.ISSUED).isPresent()) {
                store.recordSuccessor(renewalId, earlier.successorId(), clock.instant());
                return new Successor(earlier.successorId(), null);
            }
        }
        RenewalPolicy policy = store.findPolicy(renewal.tenantId()).orElse(RenewalPolicy.off(renewal.tenantId()));
        Prepared prepared = requests.prepareSuccessor(renewal.certificateId(), policy.defaultTemplate(), "renewal");
        store.recordSuccessor(renewalId, prepared.certificateId(), clock.instant());
        return new Successor(prepared.certificateId(), prepared);
    }

    private Prepared preparedOf(Certificate successor) {
        UUID requestId = requests.latestRequestIdOf(successor.id());
        return new Prepared(requestId, successor.id(), successor.issuerId(), successor.tenantId(), successor.domains());
    }

    /** Whether the issuance the call activity ran ended with the successor issued; if not, the renewal failed. */
    public boolean successorIssued(UUID renewalId) {
        Renewal renewal = renewal(renewalId);
        Certificate successor = certificates.findCertificate(renewal.successorId()).orElseThrow();
        if (successor.status() == CertificateStatus.ISSUED) {
            return true;
        }
        fail(renewal, "The successor " + successor.id() + " was not issued (" + successor.status() + ")"
                + (successor.failureReason() == null ? "" : ": " + successor.failureReason()));
        return false;
    }

    /** The deployments of the successor to the predecessor's targets, when the policy provisions them (empty otherwise). */
    public List<UUID> prepareRedeployments(UUID renewalId) {
        Renewal renewal = renewal(renewalId);
        RenewalPolicy policy = store.findPolicy(renewal.tenantId()).orElse(RenewalPolicy.off(renewal.tenantId()));
        if (!policy.autoProvision()) {
            return List.of();
        }
        store.moveTo(renewalId, RenewalState.DEPLOYING, clock.instant());
        return deployments.prepareRedeployments(renewalId, renewal.certificateId(), renewal.successorId());
    }

    /** The ids of the renewal's deployments, for the multi-instance call activity. */
    @Transactional(readOnly = true)
    public List<String> redeploymentIds(UUID renewalId) {
        return deployments.deploymentsOfRenewal(renewalId).stream().map(deployment -> deployment.id().toString()).toList();
    }

    /** Whether every deployment of the successor ended DEPLOYED; if not, the renewal failed and the predecessor stays. */
    public boolean redeployed(UUID renewalId) {
        Renewal renewal = renewal(renewalId);
        List<Deployment> notDeployed = deployments.deploymentsOfRenewal(renewalId).stream()
                .filter(deployment -> deployment.state() != DeploymentState.DEPLOYED).toList();
        if (notDeployed.isEmpty()) {
            return true;
        }
        Deployment first = notDeployed.get(0);
        fail(renewal, "The successor " + renewal.successorId() + " was issued but its deployment to " + first.targetName() + " ended "
                + first.state() + (first.reason() == null ? "" : ": " + first.reason())
                + "; the next run deploys it again rather than ordering another");
        return false;
    }

    /** The successor takes its predecessor's place. */
    public void supersede(UUID renewalId) {
        Renewal renewal = renewal(renewalId);
        certificates.supersede(renewal.certificateId(), renewal.successorId(), clock.instant());
        store.finish(renewalId, RenewalState.RENEWED, null, clock.instant());
        log.info("Certificate {} is renewed: {} took its place", renewal.certificateId(), renewal.successorId());
        Certificate successor = certificates.findCertificate(renewal.successorId()).orElseThrow();
        notifications.raise(new Notification(renewal.tenantId(), NotificationKind.SUCCESS,
                "Renewed: " + names(successor), "The certificate for " + names(successor) + " was renewed.\n\nPredecessor: "
                + renewal.certificateId() + "\nSuccessor: " + successor.id() + " (serial " + successor.serialNumber() + ", valid until "
                + successor.notAfter() + ")\n", "renewed:" + renewalId));
    }

    /** The reason the renewal failed, for Cockpit's history. */
    @Transactional(readOnly = true)
    public String failureOf(UUID renewalId) {
        return renewal(renewalId).reason();
    }

    private void fail(Renewal renewal, String reason) {
        store.finish(renewal.id(), RenewalState.FAILED, reason, clock.instant());
        log.warn("Renewal {} of certificate {} failed: {}", renewal.id(), renewal.certificateId(), reason);
        Certificate old = certificates.findCertificate(renewal.certificateId()).orElseThrow();
        Instant next = workflow.nextScheduledRun();
        notifications.raise(new Notification(renewal.tenantId(), NotificationKind.FAILURE, "Renewal failed: " + names(old),
                "The renewal of the certificate for " + names(old) + " failed:\n\n" + reason + "\n\nThe certificate (" + old.id()
                        + ") stays as it was; it expires at " + old.notAfter() + ". "
                        + (next == null ? "The next run (Run Now, or the daily run once the policy is on) tries again."
                                : "The next run, at " + next + ", tries again while it is inside its renewal window.") + "\n",
                "renewal-failed:" + renewal.id()));
    }

    private static String names(Certificate certificate) {
        List<String> domains = certificate.domains();
        return domains.isEmpty() ? certificate.id().toString()
                : domains.size() == 1 ? domains.get(0) : domains.get(0) + " and " + (domains.size() - 1) + " more";
    }

    private Renewal renewal(UUID id) {
        return store.findRenewal(id).orElseThrow(() -> new IllegalStateException("No renewal " + id));
    }
}

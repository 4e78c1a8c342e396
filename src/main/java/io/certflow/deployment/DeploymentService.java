package io.certflow.deployment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateService.Page;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * Starts deployments (from the API, and for the targets a certificate request named once it is
 * issued) and shows them. Each start writes the deployment, binds the certificate to the target and
 * starts its process in one transaction.
 */
@Service
public class DeploymentService {

    public static final int MAX_PAGE_SIZE = 200;
    /** A request names at most this many targets; more is a fleet, which is a job for a repository or AutoSSL. */
    public static final int MAX_REQUEST_TARGETS = 20;
    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

    private final DeploymentStore deployments;
    private final DeploymentTargetStore targets;
    private final CertificateStore certificates;
    private final CertificateRequestStore requests;
    private final DeploymentWorkflow workflow;
    private final Clock clock;

    public DeploymentService(DeploymentStore deployments, DeploymentTargetStore targets, CertificateStore certificates,
                             CertificateRequestStore requests, DeploymentWorkflow workflow, Clock clock) {
        this.deployments = deployments;
        this.targets = targets;
        this.certificates = certificates;
        this.requests = requests;
        this.workflow = workflow;
        this.clock = clock;
    }

    /** Deploys a certificate the caller sees to a target of its tenant; any member of the tenant may. */
    @Transactional
    public Deployment start(Caller caller, UUID certificateId, UUID targetId) {
        Certificate certificate = caller.requireVisible(certificates.findCertificate(certificateId), Certificate::tenantId,
                "Certificate", certificateId);
        if (targetId == null) {
            throw new InvalidRequestException("targetId: required, the id of a deployment target of the certificate's tenant");
        }
        DeploymentTarget target = targets.findById(targetId).filter(found -> found.tenantId().equals(certificate.tenantId()))
                .orElseThrow(() -> new InvalidRequestException("targetId: there is no deployment target " + targetId
                        + " in tenant " + certificate.tenantId() + ", the certificate's"));
        return start(certificate, target, caller.userId());
    }

    /**
     * Starts a deployment to every target the request named, once its certificate is issued. A target
     * with a deployment still in flight fails the step, which the engine retries: the new certificate
     * must reach it, only later.
     */
    @Transactional
    public List<Deployment> startRequested(UUID requestId, UUID certificateId) {
        String requestedBy = requests.findRequest(requestId).map(CertificateRequest::requestedBy).orElse(null);
        Certificate certificate = certificates.findCertificate(certificateId)
                .orElseThrow(() -> new IllegalStateException("No certificate " + certificateId));
        List<Deployment> started = new ArrayList<>();
        for (UUID targetId : deployments.requestTargets(requestId)) {
            DeploymentTarget target = targets.findById(targetId).orElse(null);
            if (target == null) {
                // Deleted since the request: its rows went with it (on delete cascade), so this is a race of a moment.
                log.info("Deployment target {} named by request {} no longer exists; certificate {} is not deployed there",
                        targetId, requestId, certificateId);
                continue;
            }
            started.add(start(certificate, target, requestedBy));
        }
        return started;
    }

    /** Checks the targets a certificate request names, before anything is stored; returns them once each. */
    @Transactional(readOnly = true)
    public List<UUID> checkedRequestTargets(String tenantId, List<UUID> targetIds) {
        if (targetIds == null) {
            return List.of();
        }
        if (targetIds.size() > MAX_REQUEST_TARGETS) {
            throw new InvalidRequestException("deployTo: at most " + MAX_REQUEST_TARGETS + " targets per request");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < targetIds.size(); i++) {
            UUID id = targetIds.get(i);
            if (id == null) {
                problems.add("deployTo[" + i + "]: the id of a deployment target, not null");
            } else if (targets.findById(id).filter(target -> target.tenantId().equals(tenantId)).isEmpty()) {
                problems.add("deployTo[" + i + "]: there is no deployment target " + id + " in tenant " + tenantId);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return List.copyOf(new LinkedHashSet<>(targetIds));
    }

    public void recordRequestTargets(UUID requestId, List<UUID> targetIds) {
        deployments.recordRequestTargets(requestId, targetIds);
    }

    @Transactional(readOnly = true)
    public boolean hasRequestTargets(UUID requestId) {
        return !deployments.requestTargets(requestId).isEmpty();
    }

    /** The targets a request named that still exist, in its order. */
    @Transactional(readOnly = true)
    public List<UUID> requestTargets(UUID requestId) {
        return deployments.requestTargets(requestId);
    }

    /**
     * The deployments of a renewal's successor to every target its predecessor is bound to, written
     * but not started: CertificateRenewalProcess runs them as call activities and waits for them.
     * Written once: run again, it returns the ones written before.
     */
    @Transactional
    public List<UUID> prepareRedeployments(UUID renewalId, UUID predecessorId, UUID successorId) {
        List<UUID> prepared = deployments.idsOfRenewal(renewalId);
        if (!prepared.isEmpty()) {
            return prepared;
        }
        Certificate successor = certificates.findCertificate(successorId)
                .orElseThrow(() -> new IllegalStateException("No certificate " + successorId));
        List<UUID> ids = new ArrayList<>();
        for (UUID targetId : deployments.boundTargets(predecessorId)) {
            DeploymentTarget target = targets.findById(targetId).orElse(null);
            if (target != null) {
                Deployment deployment = prepare(successor, target, "renewal");
                deployments.linkRenewal(deployment.id(), renewalId);
                ids.add(deployment.id());
            }
        }
        return ids;
    }

    /** The deployments a renewal made, as they stand. */
    @Transactional(readOnly = true)
    public List<Deployment> deploymentsOfRenewal(UUID renewalId) {
        return deployments.idsOfRenewal(renewalId).stream().map(id -> deployments.findById(id).orElseThrow()).toList();
    }

    @Transactional(readOnly = true)
    public Deployment get(Caller caller, UUID id) {
        return caller.requireVisible(deployments.findById(id), Deployment::tenantId, "Deployment", id);
    }

    @Transactional(readOnly = true)
    public Page<Deployment> listOf(Caller caller, UUID certificateId, int page, int size) {
        Certificate certificate = caller.requireVisible(certificates.findCertificate(certificateId), Certificate::tenantId,
                "Certificate", certificateId);
        if (page < 0 || page > 100_000) {
            throw new InvalidRequestException("page: from 0 to 100000");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size: between 1 and " + MAX_PAGE_SIZE);
        }
        return new Page<>(deployments.listOf(certificate.id(), page * size, size), page, size, deployments.countOf(certificate.id()));
    }

    /** Where each of a page of certificates is served now: target names by certificate (only the caller's certificates). */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, List<String>> servingTargetNames(Caller caller, List<Certificate> page) {
        return deployments.servingTargetNames(page.stream().filter(certificate -> caller.canSee(certificate.tenantId()))
                .map(Certificate::id).toList());
    }

    private Deployment prepare(Certificate certificate, DeploymentTarget target, String requestedBy) {
        Instant now = clock.instant();
        if (certificate.status() != CertificateStatus.ISSUED) {
            throw new ConflictException("Certificate " + certificate.id() + " is " + certificate.status()
                    + ": only an issued certificate can be deployed");
        }
        if (certificate.notAfter() != null && !certificate.notAfter().isAfter(now)) {
            throw new ConflictException("Certificate " + certificate.id() + " expired at " + certificate.notAfter()
                    + ": deploying it would replace what the target serves with a certificate no client accepts");
        }
        if (certificates.findPrivateKeyEnc(certificate.id()).isEmpty()) {
            throw new ConflictException("Certflow holds no private key of certificate " + certificate.id()
                    + " (it was uploaded without one), and a server needs the key to serve it");
        }
        deployments.findInFlightTo(target.id()).ifPresent(DeploymentService::refuseInFlight);
        Deployment deployment = new Deployment(UUID.randomUUID(), certificate.tenantId(), certificate.id(), target.id(),
                target.name(), DeploymentState.PENDING, null, certificate.serialNumber(), certificate.sha256Fingerprint(),
                null, null, null, false, null, null, null, null, null, requestedBy, now, now, null);
        if (!deployments.insert(deployment)) {
            // PostgreSQL ended this transaction with the failed insert: nothing more can be asked in it.
            throw new ConflictException("Another deployment to target " + target.name() + " started at this moment; try again");
        }
        deployments.bind(certificate.id(), target.id(), now);
        return deployment;
    }

    private Deployment start(Certificate certificate, DeploymentTarget target, String requestedBy) {
        Deployment deployment = prepare(certificate, target, requestedBy);
        deployments.recordProcessInstance(deployment.id(), workflow.startDeployment(deployment));
        return deployments.findById(deployment.id()).orElseThrow();
    }

    private static void refuseInFlight(Deployment inFlight) {
        throw new ConflictException("Deployment " + inFlight.id() + " to target " + inFlight.targetName() + " is " + inFlight.state()
                + ": one deployment at a time writes a target; wait until it ends (GET /api/deployments/" + inFlight.id() + ")");
    }
}

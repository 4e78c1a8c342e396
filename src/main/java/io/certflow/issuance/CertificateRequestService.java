package io.certflow.issuance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.ValidationMethod;
import io.certflow.deployment.DeploymentService;
import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyType;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuingTemplate;
import io.certflow.security.Caller;

/**
 * Accepts a request for a certificate on behalf of an API caller: everything that can be checked
 * without the CA is checked, then the certificate and its request are stored and
 * CertificateIssuanceProcess starts.
 */
@Service
@Transactional
public class CertificateRequestService {

    private final CertificateStore certificates;
    private final CertificateRequestStore requests;
    private final CertificateService inventory;
    private final IssuerService issuers;
    private final IssuanceWorkflow workflow;
    private final DeploymentService deployments;
    private final Clock clock;

    public CertificateRequestService(CertificateStore certificates, CertificateRequestStore requests, CertificateService inventory, IssuerService issuers,
                                     IssuanceWorkflow workflow, DeploymentService deployments, Clock clock) {
        this.certificates = certificates;
        this.requests = requests;
        this.inventory = inventory;
        this.issuers = issuers;
        this.workflow = workflow;
        this.deployments = deployments;
        this.clock = clock;
    }

    /**
     * @param validationMethod  for every name, unless {@code validationMethods} names another one for it
     * @param validationMethods name to method, for certificates that mix http-01 and dns-01
     * @param deployTo          deployment targets of the tenant the certificate is deployed to once issued (may be null)
     */
    public record NewCertificate(String tenant, List<String> domains, String issuer, String template, String keyType,
                                 String validationMethod, Map<String, String> validationMethods, List<UUID> deployTo) {
    }

    public record Accepted(UUID id, CertificateStatus status, String processInstanceId) {
    }

    /**
     * Checks everything that can be checked without the CA, stores the certificate and its request,
     * and starts CertificateIssuanceProcess; all in one transaction, so bad input stores nothing.
     */
    public Accepted request(Caller caller, NewCertificate command) {
        return request(caller, command, caller.tenantForNewRow(command.tenant()), null);
    }

    /**
     * Issues a managed certificate for the names of {@code id} (typically an uploaded one, which
     * cannot be auto-managed) through the same process; the new certificate names the old one as
     * its predecessor.
     */
    public Accepted replace(Caller caller, UUID id, NewCertificate command) {
        Certificate old = inventory.get(caller, id);
        if (old.domains().isEmpty()) {
            throw new ConflictException("Certificate " + id + " names no DNS name, so there is nothing to issue a replacement for");
        }
        NewCertificate forSameNames = new NewCertificate(old.tenantId(), old.domains(), command.issuer(), command.template(),
                command.keyType(), command.validationMethod(), command.validationMethods(), command.deployTo());
        return request(caller, forSameNames, old.tenantId(), old.id());
    }

    /** A successor's rows, ready for CertificateIssuanceProcess to issue. */
    public record Prepared(UUID requestId, UUID certificateId, UUID issuerId, String tenantId, List<String> domains) {
    }

    /**
     * The rows of the successor of an auto-managed certificate: the same names and key type, from its
     * own template, else the tenant's default template, else its issuer, with the validation method
     * each name had. No process is started: CertificateRenewalProcess issues it through a call activity.
     */
    public Prepared prepareSuccessor(UUID certificateId, String defaultTemplate, String requestedBy) {
        Certificate old = certificates.findCertificate(certificateId)
                .orElseThrow(() -> new IllegalStateException("No certificate " + certificateId));
        CertificateRequest previous = requests.findLatestRequestOf(certificateId)
                .orElseThrow(() -> new IllegalStateException("Certificate " + certificateId + " has no request to renew it from"));
        IssuingTemplate template = previous.templateId() != null ? issuers.findTemplateById(previous.templateId()).orElse(null)
                : defaultTemplate == null ? null : issuers.findTemplate(old.tenantId(), defaultTemplate).orElse(null);
        Issuer issuer = issuers.findIssuer(template != null ? template.issuerId() : old.issuerId())
                .orElseThrow(() -> new IllegalStateException("The issuer of certificate " + certificateId + " no longer exists"));
        Map<String, ValidationMethod> methods = new java.util.LinkedHashMap<>();
        for (String domain : old.domains()) {
            methods.put(domain, requests.validationMethodOf(previous.id(), domain)
                    .orElse(template != null ? template.validationMethod() : previous.validationMethod()));
        }
        Instant now = clock.instant();
        Certificate successor = new Certificate(UUID.randomUUID(), old.tenantId(), issuer.id(), old.domains(), old.keyType(),
                CertificateStatus.REQUESTED, null, CertificateSource.ISSUED, true, null, null, null, null, old.id(), now, now, false, null);
        certificates.insert(successor);
        CertificateRequest request = new CertificateRequest(UUID.randomUUID(), old.tenantId(), successor.id(), issuer.id(),
                template == null ? null : template.id(), old.keyType(),
                template != null ? template.validationMethod() : previous.validationMethod(), issuers.approvalRequired(issuer, template),
                template != null ? template.validityDays() : previous.validityDays(), null, null, null, requestedBy, now);
        requests.insert(request);
        requests.insertValidationMethods(request.id(), methods);
        return new Prepared(request.id(), successor.id(), issuer.id(), old.tenantId(), old.domains());
    }

    /**
     * The certificate and request of an AutoSSL order, without a caller (the run orders for the
     * account): managed, the key type's default, each name with the method its preflight chose,
     * deployed to {@code deployTo} (the account's targets) once issued, with {@code replacesId} as its
     * predecessor. No process is started: the account's check issues it through a call activity.
     */
    public Prepared prepareAutoSsl(String tenantId, UUID issuerId, Map<String, ValidationMethod> methods, List<UUID> deployTo,
                                   UUID replacesId, String requestedBy) {
        Issuer issuer = issuers.findIssuer(issuerId).orElseThrow(() -> new IllegalStateException("No issuer " + issuerId));
        List<String> domains = List.copyOf(methods.keySet());
        Instant now = clock.instant();
        Certificate certificate = new Certificate(UUID.randomUUID(), tenantId, issuer.id(), domains, KeyType.DEFAULT,
                CertificateStatus.REQUESTED, null, CertificateSource.ISSUED, true, null, null, null, null, replacesId, now, now, false, null);
        certificates.insert(certificate);
        ValidationMethod first = methods.values().iterator().next();
        CertificateRequest request = new CertificateRequest(UUID.randomUUID(), tenantId, certificate.id(), issuer.id(), null, KeyType.DEFAULT,
                first, issuers.approvalRequired(issuer, null), null, null, null, null, requestedBy, now);
        requests.insert(request);
        requests.insertValidationMethods(request.id(), methods);
        deployments.recordRequestTargets(request.id(), deployTo);
        return new Prepared(request.id(), certificate.id(), issuer.id(), tenantId, domains);
    }

    /** The id of the request a certificate was (or is being) issued from. */
    public UUID latestRequestIdOf(UUID certificateId) {
        return requests.findLatestRequestOf(certificateId).map(CertificateRequest::id)
                .orElseThrow(() -> new IllegalStateException("Certificate " + certificateId + " has no request"));
    }

    private Accepted request(Caller caller, NewCertificate command, String tenantId, UUID predecessorId) {
        List<String> problems = new ArrayList<>();
        IssuingTemplate template = null;
        Issuer issuer = null;
        if (command.template() != null) {
            template = issuers.findTemplate(tenantId, command.template()).orElse(null);
            if (template == null) {
                problems.add("template: no template named '" + command.template() + "'");
            } else {
                issuer = issuers.get(caller, template.issuerId());
            }
        }
        if (command.issuer() != null) {
            Issuer named = issuers.findVisible(caller, tenantId, command.issuer()).orElse(null);
            if (named == null) {
                problems.add("issuer: no issuer named '" + command.issuer() + "'");
            } else if (issuer != null && !issuer.id().equals(named.id())) {
                problems.add("issuer: template '" + command.template() + "' issues from another issuer");
            }
            issuer = named;
        }
        if (command.issuer() == null && command.template() == null) {
            problems.add("issuer: name the issuer (or a template) to issue from");
        }
        KeyType keyType = template != null ? template.keyType() : KeyType.DEFAULT;
        if (command.keyType() != null) {
            keyType = KeyType.parse(command.keyType()).orElse(null);
            if (keyType == null) {
                problems.add("keyType: '" + command.keyType() + "' is not supported; use one of " + KeyType.supported());
            }
        }
        ValidationMethod method = null;
        List<String> domains = List.of();
        Map<String, ValidationMethod> methods = Map.of();
        if (issuer != null) {
            Issuer chosen = issuer;
            method = command.validationMethod() == null && template != null
                    ? template.validationMethod()
                    : IssuerService.parseValidationMethod(command.validationMethod(), issuer, problems);
            try {
                domains = DomainNames.normalize(command.domains());
                methods = ValidationPlan.of(domains, method, command.validationMethods(),
                        (text, found) -> IssuerService.parseValidationMethod(text, chosen, found), problems);
            } catch (InvalidRequestException e) {
                problems.addAll(e.problems());
            }
        }
        List<UUID> deployTo = List.of();
        try {
            deployTo = deployments.checkedRequestTargets(tenantId, command.deployTo());
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }

        Instant now = clock.instant();
        Certificate certificate = new Certificate(UUID.randomUUID(), tenantId, issuer.id(), domains, keyType,
                CertificateStatus.REQUESTED, null, CertificateSource.ISSUED, true, null, null, null, null, predecessorId, now, now, false, null);
        certificates.insert(certificate);
        CertificateRequest request = new CertificateRequest(UUID.randomUUID(), tenantId, certificate.id(), issuer.id(),
                template == null ? null : template.id(), keyType, method, issuers.approvalRequired(issuer, template),
                template == null ? null : template.validityDays(), null, null, null, caller.userId(), now);
        requests.insert(request);
        requests.insertValidationMethods(request.id(), methods);
        deployments.recordRequestTargets(request.id(), deployTo);
        String processInstanceId = workflow.startIssuance(request.id(), certificate.id(), issuer.id(), tenantId, domains);
        requests.recordProcessInstance(request.id(), processInstanceId);
        Certificate current = certificates.findCertificate(certificate.id()).orElseThrow();
        return new Accepted(certificate.id(), current.status(), processInstanceId);
    }
}

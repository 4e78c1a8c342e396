package io.certflow.certificate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuingTemplate;
import io.certflow.security.Caller;

/** Requests and reads certificates on behalf of an API caller, within the caller's tenants. */
@Service
@Transactional
public class CertificateService {

    public static final int MAX_PAGE_SIZE = 200;
    /** How deep a list reaches (page times size); beyond it, narrow the list by status, domain or expiry. */
    public static final int MAX_OFFSET = 10_000_000;
    /** Times a filter may name: a certificate's dates fall well within, and the database stores every one of them. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final CertificateStore store;
    private final IssuerService issuers;
    private final IssuanceWorkflow workflow;
    private final Clock clock;

    public CertificateService(CertificateStore store, IssuerService issuers, IssuanceWorkflow workflow, Clock clock) {
        this.store = store;
        this.issuers = issuers;
        this.workflow = workflow;
        this.clock = clock;
    }

    /**
     * @param validationMethod  for every name, unless {@code validationMethods} names another one for it
     * @param validationMethods name to method, for certificates that mix http-01 and dns-01
     */
    public record NewCertificate(String tenant, List<String> domains, String issuer, String template, String keyType,
                                 String validationMethod, Map<String, String> validationMethods) {
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
        Certificate old = get(caller, id);
        if (old.domains().isEmpty()) {
            throw new ConflictException("Certificate " + id + " names no DNS name, so there is nothing to issue a replacement for");
        }
        NewCertificate forSameNames = new NewCertificate(old.tenantId(), old.domains(), command.issuer(), command.template(),
                command.keyType(), command.validationMethod(), command.validationMethods());
        return request(caller, forSameNames, old.tenantId(), old.id());
    }

    /** Turns automatic renewal on or off; only certificates Certflow issued can be renewed by it. */
    public Certificate setAutoManaged(Caller caller, UUID id, boolean enabled) {
        Certificate certificate = get(caller, id);
        if (certificate.source() == CertificateSource.UPLOADED && enabled) {
            throw new ConflictException("Certificate " + id + " was uploaded: Certflow did not issue it and cannot renew it, so it"
                    + " cannot be auto-managed. Replace it with a managed certificate for the same names: POST /api/certificates/"
                    + id + "/replace with {\"issuer\": \"...\"} or {\"template\": \"...\"}");
        }
        store.setAutoManaged(id, enabled, clock.instant());
        return get(caller, id);
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
                domains = DomainNames.normalize(command.domains(), null);
                methods = ValidationPlan.of(domains, method, command.validationMethods(),
                        (text, found) -> IssuerService.parseValidationMethod(text, chosen, found), problems);
            } catch (InvalidRequestException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }

        Instant now = clock.instant();
        Certificate certificate = new Certificate(UUID.randomUUID(), tenantId, issuer.id(), domains, keyType,
                CertificateStatus.REQUESTED, null, CertificateSource.ISSUED, true, null, null, null, null, predecessorId, now, now, false);
        store.insert(certificate);
        CertificateRequest request = new CertificateRequest(UUID.randomUUID(), tenantId, certificate.id(), issuer.id(),
                template == null ? null : template.id(), keyType, method, template != null && template.approvalRequired(),
                template == null ? null : template.validityDays(), null, null, null, null, caller.userId(), now);
        store.insert(request);
        store.insertValidationMethods(request.id(), methods);
        String processInstanceId = workflow.startIssuance(request.id(), certificate.id(), issuer.id(), tenantId, domains);
        store.recordProcessInstance(request.id(), processInstanceId);
        Certificate current = store.findCertificate(certificate.id()).orElseThrow();
        return new Accepted(certificate.id(), current.status(), processInstanceId);
    }

    @Transactional(readOnly = true)
    public Certificate get(Caller caller, UUID id) {
        return caller.requireVisible(store.findCertificate(id), Certificate::tenantId, "Certificate", id);
    }

    @Transactional(readOnly = true)
    public String chainPem(Caller caller, UUID id) {
        Certificate certificate = get(caller, id);
        return store.findChainPem(certificate.id())
                .orElseThrow(() -> new ConflictException("Certificate " + id + " has no chain yet: its status is " + certificate.status()));
    }

    @Transactional(readOnly = true)
    public CertificateRequest latestRequest(Caller caller, UUID certificateId) {
        Certificate certificate = get(caller, certificateId);
        return store.findLatestRequestOf(certificate.id()).orElse(null);
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    @Transactional(readOnly = true)
    public Page<Certificate> list(Caller caller, CertificateStatus status, String domain, Instant expiresBefore,
                                  Boolean autoManaged, int page, int size) {
        if (page < 0) {
            throw new InvalidRequestException("page: must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size: between 1 and " + MAX_PAGE_SIZE);
        }
        if ((long) page * size > MAX_OFFSET) {
            throw new InvalidRequestException("page: at most " + MAX_OFFSET / size + " with size " + size + " (a list reaches "
                    + String.format(java.util.Locale.ROOT, "%,d", MAX_OFFSET) + " certificates deep; narrow it by status, domain or expiresBefore)");
        }
        if (expiresBefore != null && (expiresBefore.isBefore(EARLIEST) || expiresBefore.isAfter(LATEST))) {
            throw new InvalidRequestException("expiresBefore: a time from " + EARLIEST + " to " + LATEST);
        }
        String normalizedDomain = null;
        if (domain != null) {
            String problem = DomainNames.problemWith(domain);
            if (problem != null) {
                throw new InvalidRequestException("domain: " + problem);
            }
            normalizedDomain = DomainNames.canonical(domain);
        }
        CertificateStore.Filter filter = new CertificateStore.Filter(caller.visibleTenants(), status, normalizedDomain,
                expiresBefore, autoManaged);
        return new Page<>(store.list(filter, page * size, size), page, size, store.count(filter));
    }
}

package io.certflow.issuer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.error.ConflictException;
import io.certflow.crypto.DomainNames;
import io.certflow.error.InvalidRequestException;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.crypto.Pem;
import io.certflow.certificate.ValidationMethod;
import io.certflow.error.TransientFault;
import io.certflow.issuer.acme.AcmeLogins;
import io.certflow.issuer.acme.IssuerEab;
import io.certflow.issuer.privateca.CertificateAuthority;
import io.certflow.issuer.privateca.PrivateCaService;
import io.certflow.security.Caller;

@Service
@Transactional
public class IssuerService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

    private final IssuerStore issuers;
    private final TemplateStore templates;
    private final PrivateCaService privateCas;
    private final AcmeLogins acme;
    private final KeyProtection keyProtection;
    private final TermsWorkflow workflow;
    private final Clock clock;

    public IssuerService(IssuerStore issuers, TemplateStore templates, PrivateCaService privateCas, AcmeLogins acme,
                         KeyProtection keyProtection, TermsWorkflow workflow, Clock clock) {
        this.issuers = issuers;
        this.templates = templates;
        this.privateCas = privateCas;
        this.acme = acme;
        this.keyProtection = keyProtection;
        this.workflow = workflow;
        this.clock = clock;
    }

    public record NewIssuer(String tenant, String name, String type, String directoryUrl, String contactEmail,
                            Boolean termsOfServiceAgreed, String trustAnchorPem, String eabKeyId, String eabHmacKey,
                            String caaIdentity) {
    }

    public Issuer create(Caller caller, NewIssuer command) {
        String tenantId = caller.tenantForNewRow(command.tenant());
        List<String> problems = new ArrayList<>();
        if (command.name() == null || !NAME.matcher(command.name()).matches()) {
            problems.add("name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        IssuerType type = parseType(command.type(), problems);
        if (type == IssuerType.ACME) {
            checkAcmeFields(command, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (issuers.findByName(tenantId, command.name()).isPresent()) {
            throw new ConflictException("An issuer named '" + command.name() + "' already exists");
        }
        Issuer issuer = type == IssuerType.ACME
                ? newAcmeIssuer(tenantId, caller.userId(), command)
                : newPrivateCaIssuer(tenantId, command.name());
        issuers.insert(issuer);
        return issuer;
    }

    /** The default private CA of a tenant, so that a new user can issue with no network at all. */
    public Issuer ensurePrivateCa(String tenantId, String name) {
        return issuers.findByName(tenantId, name).orElseGet(() -> {
            Issuer issuer = newPrivateCaIssuer(tenantId, name);
            issuers.insert(issuer);
            return issuer;
        });
    }

    private Issuer newPrivateCaIssuer(String tenantId, String name) {
        CertificateAuthority ca = privateCas.create(tenantId, name);
        return new Issuer(UUID.randomUUID(), tenantId, name, IssuerType.PRIVATE_CA, null, null, null, null, null, null,
                null, null, null, null, null, ca.id(), clock.instant(), null);
    }

    private Issuer newAcmeIssuer(String tenantId, String userId, NewIssuer command) {
        boolean agreed = Boolean.TRUE.equals(command.termsOfServiceAgreed());
        Issuer draft = new Issuer(UUID.randomUUID(), tenantId, command.name(), IssuerType.ACME, command.directoryUrl(),
                command.contactEmail(), null, null, null, null, emptyToNull(command.eabKeyId()),
                command.eabHmacKey() == null || command.eabHmacKey().isBlank() ? null
                        : keyProtection.encrypt(command.eabHmacKey().getBytes(StandardCharsets.US_ASCII), IssuerEab.PURPOSE),
                emptyToNull(command.trustAnchorPem()), null, null, null, clock.instant(), null);
        // Reading the directory now tells the user at once when the URL or trust anchor is wrong,
        // and gives the terms URL that the agreement is recorded against.
        String termsUrl;
        String caaIdentity;
        try {
            DirectoryMeta meta = acme.withSession(draft, session -> new DirectoryMeta(
                    session.getMetadata().getTermsOfService().map(URI::toString).orElse(null),
                    session.getMetadata().getCaaIdentities().stream().findFirst().orElse(null)));
            termsUrl = meta.termsUrl();
            // The CA names itself in its directory (meta.caaIdentities); an identity given here wins.
            caaIdentity = command.caaIdentity() != null ? DomainNames.canonical(command.caaIdentity()) : meta.caaIdentity();
        } catch (TransientFault e) {
            throw new InvalidRequestException("directoryUrl: cannot read the ACME directory at " + command.directoryUrl() + ": " + e.getMessage());
        }
        return new Issuer(draft.id(), tenantId, draft.name(), draft.type(), draft.directoryUrl(), draft.contactEmail(),
                agreed ? termsUrl : null, agreed ? clock.instant() : null, agreed ? userId : null, termsUrl,
                draft.eabKeyId(), draft.eabHmacKeyEnc(), draft.trustAnchorPem(), null, null, null, draft.createdAt(), caaIdentity);
    }

    private record DirectoryMeta(String termsUrl, String caaIdentity) {
    }

    private static void checkAcmeFields(NewIssuer command, List<String> problems) {
        try {
            URI uri = URI.create(Objects.requireNonNullElse(command.directoryUrl(), ""));
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add("directoryUrl: an http(s) URL of the CA's ACME directory is required");
            }
        } catch (IllegalArgumentException e) {
            problems.add("directoryUrl: not a URL: " + e.getMessage());
        }
        if (command.contactEmail() != null && !EMAIL.matcher(command.contactEmail()).matches()) {
            problems.add("contactEmail: '" + command.contactEmail() + "' is not an email address");
        }
        if (command.caaIdentity() != null && DomainNames.problemWith(command.caaIdentity()) != null) {
            problems.add("caaIdentity: the CA's domain as CAA records name it, e.g. letsencrypt.org: "
                    + DomainNames.problemWith(command.caaIdentity()));
        }
        if (command.termsOfServiceAgreed() == null) {
            problems.add("termsOfServiceAgreed: say true to agree to the CA's terms of service (false creates the issuer, but no order is placed until they are accepted)");
        }
        if (command.trustAnchorPem() != null && !command.trustAnchorPem().isBlank()) {
            try {
                Pem.readCertificates(command.trustAnchorPem());
            } catch (IllegalArgumentException e) {
                problems.add("trustAnchorPem: " + e.getMessage());
            }
        }
        if ((command.eabKeyId() == null) != (command.eabHmacKey() == null)) {
            problems.add("eabKeyId and eabHmacKey: External Account Binding needs both");
        }
    }

    private static IssuerType parseType(String type, List<String> problems) {
        try {
            return IssuerType.valueOf(Objects.requireNonNull(type).trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            problems.add("type: must be ACME or PRIVATE_CA");
            return null;
        }
    }

    @Transactional(readOnly = true)
    public List<Issuer> list(Caller caller) {
        return issuers.list(caller.visibleTenants());
    }

    @Transactional(readOnly = true)
    public Issuer get(Caller caller, UUID id) {
        return caller.requireVisible(issuers.findById(id), Issuer::tenantId, "Issuer", id);
    }

    /** The PRIVATE_CA issuer of the tenant that issues from this CA, if any. */
    @Transactional(readOnly = true)
    public Optional<Issuer> findByCa(String tenantId, UUID caId) {
        return issuers.list(List.of(tenantId)).stream().filter(issuer -> caId.equals(issuer.caId())).findFirst();
    }

    /** Resolves an issuer name as the caller sees it (their tenant's issuer of that name). */
    @Transactional(readOnly = true)
    public Optional<Issuer> findVisible(Caller caller, String tenantId, String name) {
        return issuers.findByName(tenantId, name).filter(issuer -> caller.canSee(issuer.tenantId()));
    }

    /**
     * Records that the caller accepts the terms the CA currently asks for, and releases every
     * request that was waiting for them.
     */
    public Issuer acceptTerms(Caller caller, UUID issuerId, String termsUrl) {
        Issuer issuer = get(caller, issuerId);
        if (issuer.type() != IssuerType.ACME) {
            throw new InvalidRequestException("Only ACME issuers have terms of service");
        }
        String current = termsUrl != null ? termsUrl : issuer.termsRequiredUrl();
        if (termsUrl != null && issuer.termsRequiredUrl() != null && !termsUrl.equals(issuer.termsRequiredUrl())) {
            throw new ConflictException("The CA asks for the terms at " + issuer.termsRequiredUrl() + ", not " + termsUrl);
        }
        issuers.recordTermsAgreed(issuerId, current, caller.userId(), clock.instant());
        workflow.termsAccepted(issuerId, caller.userId());
        return issuers.findById(issuerId).orElseThrow();
    }

    /** The same as {@link #acceptTerms} for a person who completed the Tasklist task. */
    public void recordTermsAcceptedInTask(UUID issuerId, String userId) {
        issuers.findById(issuerId).ifPresent(issuer ->
                issuers.recordTermsAgreed(issuerId, issuer.termsRequiredUrl(), userId, clock.instant()));
    }

    public record NewTemplate(String tenant, String name, String issuer, String keyType, Integer validityDays,
                              String validationMethod, Boolean approvalRequired) {
    }

    public IssuingTemplate createTemplate(Caller caller, NewTemplate command) {
        String tenantId = caller.tenantForNewRow(command.tenant());
        List<String> problems = new ArrayList<>();
        if (command.name() == null || !NAME.matcher(command.name()).matches()) {
            problems.add("name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Optional<Issuer> issuer = command.issuer() == null ? Optional.empty() : issuers.findByName(tenantId, command.issuer());
        if (issuer.isEmpty()) {
            problems.add("issuer: no issuer named '" + command.issuer() + "'");
        }
        KeyType keyType = command.keyType() == null ? KeyType.DEFAULT : KeyType.parse(command.keyType()).orElse(null);
        if (keyType == null) {
            problems.add("keyType: '" + command.keyType() + "' is not supported; use one of " + KeyType.supported());
        }
        if (command.validityDays() != null && (command.validityDays() < 1 || command.validityDays() > 825)) {
            problems.add("validityDays: between 1 and 825");
        }
        ValidationMethod method = null;
        if (issuer.isPresent()) {
            method = parseValidationMethod(command.validationMethod(), issuer.get(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (templates.findByName(tenantId, command.name()).isPresent()) {
            throw new ConflictException("A template named '" + command.name() + "' already exists");
        }
        IssuingTemplate template = new IssuingTemplate(UUID.randomUUID(), tenantId, command.name(), issuer.get().id(), keyType,
                command.validityDays(), method, Boolean.TRUE.equals(command.approvalRequired()));
        templates.insert(template, clock.instant());
        return template;
    }

    /** ACME issuers validate with http-01 (the default) or dns-01; the private CA validates nothing. */
    public static ValidationMethod parseValidationMethod(String text, Issuer issuer, List<String> problems) {
        ValidationMethod fallback = issuer.type() == IssuerType.ACME ? ValidationMethod.HTTP_01 : ValidationMethod.NONE;
        if (text == null) {
            return fallback;
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ValidationMethod method : ValidationMethod.values()) {
            if (method.name().equals(normalized)) {
                if ((issuer.type() == IssuerType.ACME) == (method == ValidationMethod.NONE)) {
                    problems.add("validationMethod: " + method + " is not available for " + issuer.type() + " issuers");
                }
                return method;
            }
        }
        problems.add("validationMethod: '" + text + "' is not supported; use " + fallback);
        return fallback;
    }

    @Transactional(readOnly = true)
    public IssuingTemplate getTemplate(Caller caller, UUID id) {
        return caller.requireVisible(templates.findById(id), IssuingTemplate::tenantId, "Template", id);
    }

    @Transactional(readOnly = true)
    public List<IssuingTemplate> listTemplates(Caller caller) {
        return templates.list(caller.visibleTenants());
    }

    @Transactional(readOnly = true)
    public Optional<IssuingTemplate> findTemplate(String tenantId, String name) {
        return templates.findByName(tenantId, name);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

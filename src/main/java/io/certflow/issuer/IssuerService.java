package io.certflow.issuer;

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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.certflow.certificate.ValidationMethod;
import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.acme.AcmeDirectory;
import io.certflow.issuer.acme.AcmeDirectoryCheck;
import io.certflow.issuer.acme.AcmeUrls;
import io.certflow.issuer.acme.IssuerEab;
import io.certflow.issuer.privateca.CertificateAuthority;
import io.certflow.issuer.privateca.PrivateCaService;
import io.certflow.security.Caller;

@Service
@Transactional
public class IssuerService {

    public static final int MAX_ORDERS_PER_HOUR = 100_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final IssuerStore issuers;
    private final TemplateStore templates;
    private final PrivateCaService privateCas;
    private final AcmeDirectoryCheck acmeDirectories;
    private final KeyProtection keyProtection;
    private final TermsWorkflow workflow;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public IssuerService(IssuerStore issuers, TemplateStore templates, PrivateCaService privateCas,
                         AcmeDirectoryCheck acmeDirectories,
                         KeyProtection keyProtection, TermsWorkflow workflow, Clock clock,
                         PlatformTransactionManager transactionManager) {
        this.issuers = issuers;
        this.templates = templates;
        this.privateCas = privateCas;
        this.acmeDirectories = acmeDirectories;
        this.keyProtection = keyProtection;
        this.workflow = workflow;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public record NewIssuer(String tenant, String name, String type, String directoryUrl, String contactEmail,
                            Boolean termsOfServiceAgreed, String trustAnchorPem, String eabKeyId, String eabHmacKey,
                            String caaIdentity, Boolean approvalRequired) {
    }

    /**
     * Not one transaction: reading an ACME directory may take up to certflow.acme.directory-check-timeout,
     * and no database connection is held meanwhile.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Issuer create(Caller caller, NewIssuer command) {
        String tenantId = caller.tenantForNewRow(command.tenant());
        caller.requireAdministratorOf(tenantId, "create issuers");
        List<String> problems = new ArrayList<>();
        if (command.name() == null || !NAME.matcher(command.name()).matches()) {
            problems.add("name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        IssuerType type = parseType(command.type(), problems);
        if (type == IssuerType.ACME) {
            problems.addAll(AcmeIssuerFields.problems(command, acmeDirectories.allowsHttp()));
        } else if (type == IssuerType.PRIVATE_CA) {
            problems.addAll(AcmeIssuerFields.givenForAPrivateCa(command));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        requireFreeName(tenantId, command.name());
        Issuer acmeIssuer = type == IssuerType.ACME ? newAcmeIssuer(tenantId, caller.userId(), command) : null;
        return transactions.execute(status -> {
            requireFreeName(tenantId, command.name());
            Issuer issuer = acmeIssuer != null ? acmeIssuer
                    : newPrivateCaIssuer(tenantId, command.name(), Boolean.TRUE.equals(command.approvalRequired()));
            issuers.insert(issuer);
            return issuer;
        });
    }

    private void requireFreeName(String tenantId, String name) {
        if (issuers.findByName(tenantId, name).isPresent()) {
            throw new ConflictException("An issuer named '" + name + "' already exists");
        }
    }

    /** The default private CA of a tenant, so that a new user can issue with no network at all. */
    public Issuer ensurePrivateCa(String tenantId, String name) {
        return issuers.findByName(tenantId, name).orElseGet(() -> {
            Issuer issuer = newPrivateCaIssuer(tenantId, name, false);
            issuers.insert(issuer);
            return issuer;
        });
    }

    private Issuer newPrivateCaIssuer(String tenantId, String name, boolean approvalRequired) {
        CertificateAuthority ca = privateCas.create(tenantId, name);
        return new Issuer(UUID.randomUUID(), tenantId, name, IssuerType.PRIVATE_CA, null, null, null, null, null, null,
                null, null, null, null, null, ca.id(), clock.instant(), null, approvalRequired, null);
    }

    private Issuer newAcmeIssuer(String tenantId, String userId, NewIssuer command) {
        boolean agreed = Boolean.TRUE.equals(command.termsOfServiceAgreed());
        String eabKeyId = emptyToNull(command.eabKeyId());
        // Reading the directory now tells the user at once when the URL or trust anchor is wrong,
        // and gives the terms URL that the agreement is recorded against. It makes no ACME client:
        // those belong to issuers that exist (AcmeLogins), made at their first use.
        AcmeDirectory directory = acmeDirectories.read(command.directoryUrl(), command.trustAnchorPem());
        if (directory.externalAccountRequired() && eabKeyId == null) {
            throw new InvalidRequestException("externalAccountBinding: the CA requires External Account Binding: give the keyId and"
                    + " hmacKey it issued for your account");
        }
        String termsUrl = directory.termsOfService();
        // The CA names itself in its directory (meta.caaIdentities); an identity given here wins.
        String caaIdentity = command.caaIdentity() != null ? DomainNames.canonical(command.caaIdentity()) : directory.caaIdentity();
        return new Issuer(UUID.randomUUID(), tenantId, command.name(), IssuerType.ACME, command.directoryUrl(), command.contactEmail(),
                agreed ? termsUrl : null, agreed ? clock.instant() : null, agreed ? userId : null, termsUrl, eabKeyId,
                command.eabHmacKey() == null || command.eabHmacKey().isBlank() ? null
                        : keyProtection.encrypt(command.eabHmacKey().getBytes(StandardCharsets.US_ASCII), IssuerEab.PURPOSE),
                emptyToNull(command.trustAnchorPem()), null, null, null, clock.instant(), caaIdentity,
                Boolean.TRUE.equals(command.approvalRequired()), null);
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
        caller.requireAdministratorOf(issuer.tenantId(), "accept an issuer's terms of service");
        if (issuer.type() != IssuerType.ACME) {
            throw new InvalidRequestException("Only ACME issuers have terms of service");
        }
        if (termsUrl != null && !AcmeUrls.isTermsUrl(termsUrl)) {
            throw new InvalidRequestException("termsUrl: the terms URL as the CA gives it (https, http or data), at most "
                    + AcmeUrls.MAX_LENGTH + " characters");
        }
        String current = termsUrl != null ? termsUrl : issuer.termsRequiredUrl();
        if (termsUrl != null && issuer.termsRequiredUrl() != null && !termsUrl.equals(issuer.termsRequiredUrl())) {
            throw new ConflictException("The CA asks for the terms at " + issuer.termsRequiredUrl() + ", not " + termsUrl);
        }
        issuers.recordTermsAgreed(issuerId, current, caller.userId(), clock.instant());
        workflow.termsAccepted(issuerId, caller.userId());
        return issuers.findById(issuerId).orElseThrow();
    }

    /** Whether a person approves every request from the issuer (directly named or through a template). */
    /** The renewals per hour a run may start from the issuer, its CA's limit on new orders (1 to 100,000). */
    public Issuer setOrdersPerHour(Caller caller, UUID issuerId, int ordersPerHour) {
        Issuer issuer = get(caller, issuerId);
        caller.requireAdministratorOf(issuer.tenantId(), "change an issuer");
        if (ordersPerHour < 1 || ordersPerHour > MAX_ORDERS_PER_HOUR) {
            throw new InvalidRequestException("ordersPerHour: from 1 to " + MAX_ORDERS_PER_HOUR + " orders an hour");
        }
        issuers.setOrdersPerHour(issuerId, ordersPerHour);
        return issuers.findById(issuerId).orElseThrow();
    }

    public Issuer setApprovalRequired(Caller caller, UUID issuerId, boolean approvalRequired) {
        Issuer issuer = get(caller, issuerId);
        caller.requireAdministratorOf(issuer.tenantId(), "change an issuer");
        issuers.setApprovalRequired(issuerId, approvalRequired);
        return issuers.findById(issuerId).orElseThrow();
    }

    /**
     * Whether a person approves a request from the issuer, through the template when one is named.
     * The issuer's own flag covers every request. A request through a template also follows the
     * template's flag; one that names the issuer directly needs approval when any of the issuer's
     * templates does, since it would otherwise be the way around that template's approval.
     */
    @Transactional(readOnly = true)
    public boolean approvalRequired(Issuer issuer, IssuingTemplate template) {
        if (issuer.approvalRequired()) {
            return true;
        }
        return template != null ? template.approvalRequired() : templates.anyRequiresApproval(issuer.id());
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
        caller.requireAdministratorOf(tenantId, "create templates");
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

    /** For Certflow's own processes, which act for no caller. */
    @Transactional(readOnly = true)
    public Optional<IssuingTemplate> findTemplateById(UUID id) {
        return templates.findById(id);
    }

    /** For Certflow's own processes, which act for no caller. */
    @Transactional(readOnly = true)
    public Optional<Issuer> findIssuer(UUID id) {
        return issuers.findById(id);
    }

    @Transactional(readOnly = true)
    public Optional<IssuingTemplate> findTemplate(String tenantId, String name) {
        return templates.findByName(tenantId, name);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

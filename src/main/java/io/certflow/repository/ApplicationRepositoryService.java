package io.certflow.repository;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.CertificateStore.IssuedCertificate;
import io.certflow.certificate.ConflictException;
import io.certflow.certificate.DomainNames;
import io.certflow.certificate.InvalidRequestException;
import io.certflow.certificate.IssuanceService;
import io.certflow.certificate.KeyProtection;
import io.certflow.certificate.KeyType;
import io.certflow.certificate.NotFoundException;
import io.certflow.certificate.Pem;
import io.certflow.certificate.upload.ParsedUpload;
import io.certflow.certificate.upload.UploadService;
import io.certflow.certificate.upload.UploadService.Upload;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuerType;
import io.certflow.issuer.privateca.PrivateCaService;
import io.certflow.issuer.privateca.PrivateCaService.LeafProfile;
import io.certflow.repository.cms.CmsOperations;
import io.certflow.repository.cms.CmsVerification;
import io.certflow.security.Caller;

/**
 * Certificate application repositories: create, rename, reset (irreversible, confirmed), enable,
 * delete (only after a reset), private certificates from the bound intermediate CA, and CMS
 * signing and encryption with the repository's certificates, whose keys never leave Certflow.
 */
// Named so it does not clash with the engine's own "repositoryService" bean (process definitions).
@Service("certificateRepositories")
@Transactional
public class ApplicationRepositoryService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    private static final Duration MAX_VALIDITY = Duration.ofDays(3650);

    private final ApplicationRepositoryStore store;
    private final IssuerService issuers;
    private final PrivateCaService cas;
    private final CertificateStore certificates;
    private final UploadService uploads;
    private final KeyProtection keyProtection;
    private final CmsOperations cms;
    private final ApplicationRepositoryWorkflow workflow;
    private final Clock clock;

    public ApplicationRepositoryService(ApplicationRepositoryStore store, IssuerService issuers, PrivateCaService cas, CertificateStore certificates,
                             UploadService uploads, KeyProtection keyProtection, CmsOperations cms, ApplicationRepositoryWorkflow workflow,
                             Clock clock) {
        this.store = store;
        this.issuers = issuers;
        this.cas = cas;
        this.certificates = certificates;
        this.uploads = uploads;
        this.keyProtection = keyProtection;
        this.cms = cms;
        this.workflow = workflow;
        this.clock = clock;
    }

    /** @param certificateAuthority name of a PRIVATE_CA issuer whose intermediate the repository binds; absent: a new CA */
    public record DataSourceChoice(String dataSource, String certificateAuthority) {
    }

    public ApplicationRepository create(Caller caller, String tenant, String name, DataSourceChoice choice) {
        String tenantId = caller.tenantForNewRow(tenant);
        List<String> problems = new ArrayList<>();
        String checkedName = checkName(name, problems);
        ApplicationRepositoryDataSource dataSource = parseDataSource(choice.dataSource(), problems);
        Issuer caIssuer = caIssuer(caller, tenantId, dataSource, choice.certificateAuthority(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (store.findByName(tenantId, checkedName).isPresent()) {
            throw new ConflictException("A repository named '" + checkedName + "' already exists");
        }
        UUID caId = bind(tenantId, checkedName, dataSource, caIssuer);
        Instant now = clock.instant();
        ApplicationRepository repository = new ApplicationRepository(UUID.randomUUID(), tenantId, checkedName, dataSource, caId, ApplicationRepositoryState.ENABLED, now, now);
        store.insert(repository);
        return repository;
    }

    @Transactional(readOnly = true)
    public List<ApplicationRepository> list(Caller caller) {
        return store.list(caller.visibleTenants());
    }

    @Transactional(readOnly = true)
    public ApplicationRepository get(Caller caller, UUID id) {
        return caller.requireVisible(store.findById(id), ApplicationRepository::tenantId, "Repository", id);
    }

    @Transactional(readOnly = true)
    public List<Certificate> certificatesOf(ApplicationRepository repository) {
        return store.certificates(repository.id()).stream().map(id -> certificates.findCertificate(id).orElseThrow()).toList();
    }

    public ApplicationRepository rename(Caller caller, UUID id, String name) {
        ApplicationRepository repository = get(caller, id);
        List<String> problems = new ArrayList<>();
        String checkedName = checkName(name, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        store.findByName(repository.tenantId(), checkedName).filter(other -> !other.id().equals(id)).ifPresent(other -> {
            throw new ConflictException("A repository named '" + checkedName + "' already exists");
        });
        store.rename(id, checkedName, clock.instant());
        return get(caller, id);
    }

    /** Starts the reset; returns the process instance. Without {@code confirmed}, a Tasklist task asks for the confirmation. */
    public String requestReset(Caller caller, UUID id, boolean confirmed) {
        ApplicationRepository repository = get(caller, id);
        if (repository.state() == ApplicationRepositoryState.RESET) {
            throw new ConflictException("Repository '" + repository.name() + "' is already reset");
        }
        return workflow.startReset(id, repository.tenantId(), repository.name(), confirmed);
    }

    /** Task_ResetRepository: clears data source, binding and membership; a second run changes nothing. */
    public void reset(UUID id) {
        store.reset(id, clock.instant());
    }

    public ApplicationRepository enable(Caller caller, UUID id, DataSourceChoice choice) {
        ApplicationRepository repository = get(caller, id);
        if (repository.state() != ApplicationRepositoryState.RESET) {
            throw new ConflictException("Repository '" + repository.name() + "' is " + repository.state()
                    + "; only a reset repository can be enabled with a data source");
        }
        List<String> problems = new ArrayList<>();
        ApplicationRepositoryDataSource dataSource = parseDataSource(choice.dataSource(), problems);
        Issuer caIssuer = caIssuer(caller, repository.tenantId(), dataSource, choice.certificateAuthority(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        store.enable(id, dataSource, bind(repository.tenantId(), repository.name(), dataSource, caIssuer), clock.instant());
        return get(caller, id);
    }

    /** Starts RepositoryDeleteProcess; only a reset repository may go. */
    public String requestDelete(Caller caller, UUID id) {
        ApplicationRepository repository = get(caller, id);
        if (repository.state() != ApplicationRepositoryState.RESET) {
            throw new ConflictException("Repository '" + repository.name() + "' is " + repository.state()
                    + ": reset it first (POST /api/repositories/" + id + "/reset); only a reset repository can be deleted");
        }
        return workflow.startDelete(id, repository.tenantId(), repository.name());
    }

    /** Task_DeleteRepository: true when deleted (or already gone), false when it is not reset. */
    public boolean delete(UUID id) {
        ApplicationRepository repository = store.findById(id).orElse(null);
        if (repository == null) {
            return true;
        }
        return store.deleteIfReset(id);
    }

    public record NewPrivateCertificate(String subject, List<String> sans, String keyType, String validity) {
    }

    /** Issues from the repository's intermediate CA: a TLS certificate (PRIVATE) or a signing certificate (COMPLIANT). */
    public Certificate issue(Caller caller, UUID id, NewPrivateCertificate command) {
        ApplicationRepository repository = enabled(get(caller, id));
        if (!repository.dataSource().bindsCa()) {
            throw new ConflictException("Repository '" + repository.name() + "' holds " + repository.dataSource()
                    + " certificates; only PRIVATE and COMPLIANT repositories issue certificates from their intermediate CA");
        }
        List<String> problems = new ArrayList<>();
        boolean signing = repository.dataSource() == ApplicationRepositoryDataSource.COMPLIANT;
        List<String> sans = command.sans() == null ? List.of() : command.sans();
        for (String san : sans) {
            if (signing ? !san.matches("[^@\\s]+@[^@\\s]+") && DomainNames.problemWith(san) != null : DomainNames.problemWith(san) != null) {
                problems.add("sans: '" + san + "' is not " + (signing ? "an email address or " : "") + "a DNS name"
                        + (signing ? "" : ": " + DomainNames.problemWith(san)));
            }
        }
        if (!signing && sans.isEmpty()) {
            problems.add("sans: a PRIVATE certificate needs at least one DNS name");
        }
        String subject = command.subject() == null || command.subject().isBlank()
                ? (sans.isEmpty() ? null : "CN=" + sans.get(0)) : command.subject().trim();
        if (subject == null) {
            problems.add("subject: a distinguished name such as CN=Jane Doe,O=Example is required");
        } else if (!PrivateCaService.isDistinguishedName(subject)) {
            problems.add("subject: '" + subject + "' is not a distinguished name such as CN=Jane Doe,O=Example");
        }
        KeyType keyType = command.keyType() == null ? KeyType.DEFAULT : KeyType.parse(command.keyType()).orElse(null);
        if (keyType == null) {
            problems.add("keyType: '" + command.keyType() + "' is not supported; use one of " + KeyType.supported());
        }
        Duration validity = parseValidity(command.validity(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        KeyPair keyPair = keyType.generate();
        List<String> dnsNames = sans.stream().filter(san -> !san.contains("@")).map(DomainNames::canonical).toList();
        List<X509Certificate> chain = cas.issue(repository.caId(), new LeafProfile(subject, sans,
                signing ? LeafProfile.Purpose.SIGNING : LeafProfile.Purpose.TLS), keyPair.getPublic(), validity);
        Instant now = clock.instant();
        Certificate certificate = new Certificate(UUID.randomUUID(), repository.tenantId(), caIssuerId(repository), dnsNames,
                keyType, CertificateStatus.ISSUED, null, CertificateSource.ISSUED, false, null, null, null, null, null, now, now, false);
        certificates.insert(certificate);
        certificates.storeChain(certificate.id(), IssuedCertificate.of(chain,
                keyProtection.protect(keyPair.getPrivate(), IssuanceService.CERTIFICATE_KEY_PURPOSE)), false);
        store.addCertificate(repository.id(), certificate.id());
        return certificates.findCertificate(certificate.id()).orElseThrow();
    }

    /** An upload into an UPLOADED or UPLOADED_CA repository, checked against what the data source accepts. */
    public Certificate upload(Caller caller, UUID id, Upload upload) {
        ApplicationRepository repository = enabled(get(caller, id));
        ApplicationRepositoryDataSource dataSource = repository.dataSource();
        Certificate certificate = uploads.upload(caller, new Upload(repository.tenantId(), upload.content(), upload.format(),
                upload.password(), upload.acceptOutsideValidity()), dataSource != ApplicationRepositoryDataSource.UPLOADED_CA,
                parsed -> problemsFor(repository, parsed));
        store.addCertificate(repository.id(), certificate.id());
        return certificate;
    }

    public byte[] sign(Caller caller, UUID id, UUID certificateId, byte[] content, boolean detached) {
        ApplicationRepository repository = enabled(get(caller, id));
        Member signer = member(repository, certificateId);
        return cms.sign(content, signer.chain().get(0), signer.chain(), signer.key(), detached);
    }

    /** Valid only when a signer's chain leads to a certificate of the repository (or its CA). */
    @Transactional(readOnly = true)
    public CmsVerification verify(Caller caller, UUID id, byte[] signature, byte[] detachedContent) {
        ApplicationRepository repository = enabled(get(caller, id));
        List<X509Certificate> trusted = new ArrayList<>();
        for (UUID certificateId : store.certificates(repository.id())) {
            trusted.addAll(chainOf(certificateId));
        }
        if (repository.caId() != null) {
            trusted.add(cas.root(repository.caId()));
        }
        return cms.verify(signature, detachedContent, trusted);
    }

    public byte[] encrypt(Caller caller, UUID id, UUID certificateId, byte[] content) {
        ApplicationRepository repository = enabled(get(caller, id));
        requireMember(repository, certificateId);
        return cms.encrypt(content, chainOf(certificateId).get(0));
    }

    /** Decrypts with the repository certificate named, or with the first of its certificates the data is addressed to. */
    @Transactional(readOnly = true)
    public byte[] decrypt(Caller caller, UUID id, UUID certificateId, byte[] enveloped) {
        ApplicationRepository repository = enabled(get(caller, id));
        List<UUID> candidates = certificateId != null ? List.of(requireMember(repository, certificateId))
                : store.certificates(repository.id());
        RuntimeException last = null;
        for (UUID candidate : candidates) {
            if (certificates.findPrivateKeyEnc(candidate).isEmpty()) {
                continue;
            }
            Member member = member(repository, candidate);
            try {
                return cms.decrypt(enveloped, member.chain().get(0), member.key());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (last != null && candidates.size() == 1) {
            throw last;
        }
        throw new InvalidRequestException("envelopedData: it is not addressed to any certificate of repository '"
                + repository.name() + "' that has a private key");
    }

    private record Member(List<X509Certificate> chain, PrivateKey key) {
    }

    private Member member(ApplicationRepository repository, UUID certificateId) {
        requireMember(repository, certificateId);
        String keyEnc = certificates.findPrivateKeyEnc(certificateId).orElseThrow(() -> new ConflictException(
                "Certificate " + certificateId + " has no private key in Certflow (a CA certificate uploaded without one)"));
        return new Member(chainOf(certificateId), keyProtection.unprotect(keyEnc, IssuanceService.CERTIFICATE_KEY_PURPOSE));
    }

    private UUID requireMember(ApplicationRepository repository, UUID certificateId) {
        if (certificateId == null) {
            throw new InvalidRequestException("certificateId: name the repository certificate to use");
        }
        if (!store.certificates(repository.id()).contains(certificateId)) {
            throw new NotFoundException("Certificate", certificateId + " in repository '" + repository.name() + "'");
        }
        return certificateId;
    }

    private List<X509Certificate> chainOf(UUID certificateId) {
        return Pem.readCertificates(certificates.findChainPem(certificateId).orElseThrow());
    }

    private static List<String> problemsFor(ApplicationRepository repository, ParsedUpload parsed) {
        boolean ca = parsed.leaf().getBasicConstraints() >= 0;
        return switch (repository.dataSource()) {
            case UPLOADED -> List.of();
            case UPLOADED_CA -> ca ? List.of() : List.of("the certificate " + parsed.leaf().getSubjectX500Principal().getName()
                    + " is an end-entity certificate; an UPLOADED_CA repository holds CA certificates only");
            case PRIVATE, COMPLIANT -> List.of(ca
                    ? "the certificate " + parsed.leaf().getSubjectX500Principal().getName() + " is a CA certificate; a "
                    + repository.dataSource() + " repository holds only certificates its intermediate CA issues"
                    : "a " + repository.dataSource() + " repository holds only certificates its intermediate CA issues;"
                    + " issue one with POST /api/repositories/" + repository.id() + "/certificates");
        };
    }

    private ApplicationRepository enabled(ApplicationRepository repository) {
        if (repository.state() != ApplicationRepositoryState.ENABLED) {
            throw new ConflictException("Repository '" + repository.name() + "' is reset; enable it with a data source first");
        }
        return repository;
    }

    private UUID bind(String tenantId, String name, ApplicationRepositoryDataSource dataSource, Issuer caIssuer) {
        if (!dataSource.bindsCa()) {
            return null;
        }
        if (caIssuer == null) {
            return issuers.ensurePrivateCa(tenantId, "repository-" + UUID.randomUUID().toString().substring(0, 8)).caId();
        }
        store.findByCa(caIssuer.caId()).ifPresent(bound -> {
            throw new ConflictException("The intermediate CA of issuer '" + caIssuer.name() + "' is already bound to repository '"
                    + bound.name() + "'; an intermediate CA belongs to at most one repository");
        });
        return caIssuer.caId();
    }

    private UUID caIssuerId(ApplicationRepository repository) {
        return issuers.findByCa(repository.tenantId(), repository.caId()).map(Issuer::id).orElse(null);
    }

    private Issuer caIssuer(Caller caller, String tenantId, ApplicationRepositoryDataSource dataSource, String name, List<String> problems) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (dataSource != null && !dataSource.bindsCa()) {
            problems.add("certificateAuthority: only PRIVATE and COMPLIANT repositories are bound to an intermediate CA");
            return null;
        }
        Issuer issuer = issuers.findVisible(caller, tenantId, name).orElse(null);
        if (issuer == null || issuer.type() != IssuerType.PRIVATE_CA) {
            problems.add("certificateAuthority: no PRIVATE_CA issuer named '" + name + "'");
            return null;
        }
        return issuer;
    }

    private static String checkName(String name, List<String> problems) {
        if (name == null || !NAME.matcher(name.trim()).matches()) {
            problems.add("name: 1 to 100 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
            return null;
        }
        return name.trim();
    }

    private static ApplicationRepositoryDataSource parseDataSource(String text, List<String> problems) {
        if (text == null || text.isBlank()) {
            problems.add("dataSource: one of " + List.of(ApplicationRepositoryDataSource.values()) + " is required");
            return null;
        }
        try {
            return ApplicationRepositoryDataSource.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("dataSource: '" + text + "' is not one of " + List.of(ApplicationRepositoryDataSource.values()));
            return null;
        }
    }

    /** "P90D" or a number of days. */
    private static Duration parseValidity(String text, List<String> problems) {
        if (text == null || text.isBlank()) {
            return DEFAULT_VALIDITY;
        }
        Duration validity;
        try {
            validity = text.trim().matches("\\d{1,5}") ? Duration.ofDays(Long.parseLong(text.trim())) : Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            problems.add("validity: '" + text + "' is neither a number of days nor an ISO-8601 duration such as P365D");
            return null;
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            problems.add("validity: between one day and " + MAX_VALIDITY.toDays() + " days");
        }
        return validity;
    }
}

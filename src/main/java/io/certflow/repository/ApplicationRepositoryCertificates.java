package io.certflow.repository;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore.IssuedCertificate;
import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.upload.ParsedUpload;
import io.certflow.certificate.upload.UploadService.Upload;
import io.certflow.certificate.upload.UploadService;
import io.certflow.crypto.CertificateSubject;
import io.certflow.crypto.CertificateValidity;
import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.crypto.SubjectAlternativeNames;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.privateca.PrivateCaService.LeafProfile;
import io.certflow.issuer.privateca.PrivateCaService;
import io.certflow.security.Caller;

/**
 * What goes into a repository: certificates its intermediate CA issues (PRIVATE: TLS; COMPLIANT:
 * signing), checked by the same name rules and limits as every other certificate Certflow makes,
 * and uploads that fit its data source.
 */
@Service
@Transactional
public class ApplicationRepositoryCertificates {

    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    private final ApplicationRepositoryService repositories;
    private final ApplicationRepositoryStore store;
    private final IssuerService issuers;
    private final PrivateCaService cas;
    private final CertificateStore certificates;
    private final UploadService uploads;
    private final KeyProtection keyProtection;
    private final Clock clock;

    public ApplicationRepositoryCertificates(ApplicationRepositoryService repositories, ApplicationRepositoryStore store,
                                             IssuerService issuers, PrivateCaService cas, CertificateStore certificates,
                                             UploadService uploads, KeyProtection keyProtection, Clock clock) {
        this.repositories = repositories;
        this.store = store;
        this.issuers = issuers;
        this.cas = cas;
        this.certificates = certificates;
        this.uploads = uploads;
        this.keyProtection = keyProtection;
        this.clock = clock;
    }

    /**
     * @param subject  a distinguished name (see {@link CertificateSubject}); absent: CN = the first name
     * @param sans     DNS names; for a COMPLIANT repository also email addresses
     * @param validity a number of days or an ISO-8601 duration; absent: 365 days
     */
    public record NewRepositoryCertificate(String subject, List<String> sans, String keyType, String validity) {
    }

    /** Issues from the repository's intermediate CA: a TLS certificate (PRIVATE) or a signing certificate (COMPLIANT). */
    public Certificate issue(Caller caller, UUID id, NewRepositoryCertificate command) {
        ApplicationRepository repository = repositories.getEnabled(caller, id);
        if (!repository.dataSource().bindsCa()) {
            throw new ConflictException("Repository '" + repository.name() + "' holds " + repository.dataSource()
                    + " certificates; only PRIVATE and COMPLIANT repositories issue certificates from their intermediate CA");
        }
        requireApproverWhereApprovalIsRequired(caller, repository);
        boolean signing = repository.dataSource() == ApplicationRepositoryDataSource.COMPLIANT;
        List<String> problems = new ArrayList<>();
        SubjectAlternativeNames names = collect(problems, () -> SubjectAlternativeNames.parse("sans", command.sans(), signing));
        if (names != null && names.isEmpty() && !signing) {
            problems.add("sans: a PRIVATE certificate needs at least one DNS name");
        }
        CertificateSubject subject = null;
        if (command.subject() != null) {
            subject = collect(problems, () -> CertificateSubject.parse("subject", command.subject()));
        } else if (names != null && !names.isEmpty()) {
            subject = CertificateSubject.commonNameFor(names.first());
        } else if (names != null && signing) {
            problems.add("subject: a distinguished name such as CN=Jane Doe,O=Example is required when there are no sans");
        }
        KeyType keyType = command.keyType() == null ? KeyType.DEFAULT : KeyType.parse(command.keyType()).orElse(null);
        if (keyType == null) {
            problems.add("keyType: " + DomainNames.quote(command.keyType()) + " is not supported; use one of " + KeyType.supported());
        }
        Duration validity = collect(problems, () -> CertificateValidity.parse("validity", command.validity(), DEFAULT_VALIDITY));
        Instant now = clock.instant();
        if (validity != null) {
            problems.addAll(withinTheCa(repository, now, validity));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        KeyPair keyPair = keyType.generate();
        List<X509Certificate> chain = cas.issue(repository.caId(), new LeafProfile(subject, names,
                signing ? LeafProfile.Purpose.SIGNING : LeafProfile.Purpose.TLS), keyPair.getPublic(), validity);
        Certificate certificate = new Certificate(UUID.randomUUID(), repository.tenantId(), caIssuerId(repository),
                names.dnsNames(), keyType, CertificateStatus.ISSUED, null, CertificateSource.ISSUED, false, null, null, null, null,
                null, now, now, false, null);
        certificates.insert(certificate);
        certificates.storeChain(certificate.id(), IssuedCertificate.of(chain,
                keyProtection.protect(keyPair.getPrivate(), CertificateStore.PRIVATE_KEY_PURPOSE)), false);
        store.addCertificate(repository.id(), certificate.id());
        return certificates.findCertificate(certificate.id()).orElseThrow();
    }

    /** An upload into an UPLOADED or UPLOADED_CA repository, checked against what the data source accepts. */
    public Certificate upload(Caller caller, UUID id, Upload upload) {
        ApplicationRepository repository = repositories.getEnabled(caller, id);
        ApplicationRepositoryDataSource dataSource = repository.dataSource();
        Certificate certificate = uploads.upload(caller, new Upload(repository.tenantId(), upload.content(), upload.format(),
                upload.password(), upload.acceptOutsideValidity()), dataSource != ApplicationRepositoryDataSource.UPLOADED_CA,
                parsed -> problemsFor(repository, parsed));
        store.addCertificate(repository.id(), certificate.id());
        return certificate;
    }

    /** A leaf never outlives its CA: asking for more than the intermediate has left is refused, not cut short. */
    private List<String> withinTheCa(ApplicationRepository repository, Instant now, Duration validity) {
        Instant caNotAfter = cas.intermediateNotAfter(repository.caId());
        if (!now.plus(validity).isAfter(caNotAfter)) {
            return List.of();
        }
        long daysLeft = ChronoUnit.DAYS.between(now, caNotAfter);
        return List.of("validity: the repository's intermediate CA is valid until " + caNotAfter.truncatedTo(ChronoUnit.SECONDS)
                + ", so a certificate from it can be valid for at most " + daysLeft + " days");
    }

    /** The value, or null after adding the problems of an {@link InvalidRequestException} to the others. */
    private static <T> T collect(List<String> problems, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /**
     * A repository certificate is issued at once, with no approval step; so where the CA's issuer asks
     * a person to approve every certificate, only that person (a tenant administrator) issues here.
     */
    private void requireApproverWhereApprovalIsRequired(Caller caller, ApplicationRepository repository) {
        issuers.findByCa(repository.tenantId(), repository.caId())
                .filter(issuer -> issuers.approvalRequired(issuer, null))
                .ifPresent(issuer -> caller.requireAdministratorOf(repository.tenantId(), "issue certificates from repository '"
                        + repository.name() + "': its CA's issuer '" + issuer.name() + "' requires approval for every certificate,"
                        + " and a repository certificate is issued at once"));
    }

    private UUID caIssuerId(ApplicationRepository repository) {
        return issuers.findByCa(repository.tenantId(), repository.caId()).map(Issuer::id).orElse(null);
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
}

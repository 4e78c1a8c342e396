package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateService.Page;
import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.upload.UploadService.Upload;
import io.certflow.certificate.upload.UploadService;
import io.certflow.deployment.DeploymentService;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuance.CertificateRequestService.Accepted;
import io.certflow.issuance.CertificateRequestService.NewCertificate;
import io.certflow.issuance.CertificateRequestService;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.renewal.RenewalPlans;
import io.certflow.renewal.RenewalPlans.RenewalPlan;
import io.certflow.repository.ApplicationRepositoryCertificates;
import io.certflow.security.Caller;
import io.certflow.validation.caa.CaaPreflight;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
@RequestMapping(value = "/api/certificates", produces = MediaType.APPLICATION_JSON_VALUE)
class CertificateController {

    private final CertificateService certificates;
    private final CertificateRequestService requests;
    private final IssuerService issuers;
    private final CaaPreflight caa;
    private final UploadService uploads;
    private final ApplicationRepositoryCertificates repositories;

    private final RenewalPlans plans;

    CertificateController(CertificateService certificates, CertificateRequestService requests, IssuerService issuers,
                          CaaPreflight caa, UploadService uploads, ApplicationRepositoryCertificates repositories, RenewalPlans plans) {
        this.certificates = certificates;
        this.plans = plans;
        this.requests = requests;
        this.issuers = issuers;
        this.caa = caa;
        this.uploads = uploads;
        this.repositories = repositories;
    }

    record CertificateRequestBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                                  @Size(max = Limits.NAMES, message = Limits.ENTRIES)
                                  List<@Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String> domains,
                                  @Size(max = Limits.NAME, message = Limits.CHARACTERS) String issuer,
                                  @Size(max = Limits.NAME, message = Limits.CHARACTERS) String template,
                                  @Size(max = Limits.WORD, message = Limits.CHARACTERS) String keyType,
                                  @Size(max = Limits.WORD, message = Limits.CHARACTERS) String validationMethod,
                                  @Size(max = Limits.NAMES, message = Limits.ENTRIES)
                                  Map<@Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String,
                                      @Size(max = Limits.WORD, message = Limits.CHARACTERS) String> validationMethods,
                                  @Size(max = DeploymentService.MAX_REQUEST_TARGETS, message = Limits.ENTRIES) List<UUID> deployTo) {
    }

    record CertificateView(UUID id, String tenant, List<String> domains, CertificateStatus status, String serialNumber,
                           Instant notBefore, Instant notAfter, String sha256Fingerprint, String issuer, String keyType,
                           String source, boolean autoManaged, String failureReason, UUID predecessorId,
                           Instant createdAt, Instant updatedAt, List<String> caaRecordsAdded, Boolean outsideValidity,
                           UUID successorId, RenewalPlan renewal) {
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the request is issued in the background; read the certificate at Location")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> request(Caller caller, @Valid @RequestBody CertificateRequestBody body) {
        Accepted accepted = requests.request(caller, new NewCertificate(body.tenant(), body.domains(), body.issuer(),
                body.template(), body.keyType(), body.validationMethod(), body.validationMethods(), body.deployTo()));
        return ResponseEntity.accepted().location(URI.create("/api/certificates/" + accepted.id())).body(accepted);
    }

    /**
     * A PEM bundle (leaf, chain, key; an encrypted PKCS#8 key with its passphrase) or a PKCS#12 file
     * with its password, as multipart/form-data; optionally straight into a repository.
     */
    @ApiResponse(responseCode = "201", description = "The uploaded certificate, stored")
    @PostMapping(value = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<CertificateView> upload(Caller caller, @RequestPart(name = "file", required = false) MultipartFile file,
                                           @RequestParam(required = false) String password,
                                           @RequestParam(required = false) String format,
                                           @RequestParam(defaultValue = "false") boolean acceptOutsideValidity,
                                           @RequestParam(required = false) UUID repository,
                                           @RequestParam(required = false) String tenant) throws java.io.IOException {
        Upload upload = Uploads.of(file, password, format, acceptOutsideValidity, tenant);
        Certificate certificate = repository == null ? uploads.upload(caller, upload) : repositories.upload(caller, repository, upload);
        return ResponseEntity.created(URI.create("/api/certificates/" + certificate.id()))
                .body(view(issuerNames(caller), certificate, null));
    }

    /** Automatic renewal on or off; an uploaded certificate cannot be auto-managed (409, with how to replace it). */
    @PutMapping(value = "/{id}/auto-management", consumes = MediaType.APPLICATION_JSON_VALUE)
    CertificateView autoManagement(Caller caller, @PathVariable UUID id, @Valid @RequestBody AutoManagementBody body) {
        if (body.enabled() == null) {
            throw new InvalidRequestException("enabled: true or false is required");
        }
        return view(issuerNames(caller), certificates.setAutoManaged(caller, id, body.enabled()), null);
    }

    record AutoManagementBody(Boolean enabled) {
    }

    record ReplaceBody(@Size(max = Limits.NAME, message = Limits.CHARACTERS) String issuer,
                       @Size(max = Limits.NAME, message = Limits.CHARACTERS) String template,
                       @Size(max = Limits.WORD, message = Limits.CHARACTERS) String keyType,
                       @Size(max = Limits.WORD, message = Limits.CHARACTERS) String validationMethod,
                       @Size(max = Limits.NAMES, message = Limits.ENTRIES)
                       Map<@Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String,
                           @Size(max = Limits.WORD, message = Limits.CHARACTERS) String> validationMethods,
                       @Size(max = DeploymentService.MAX_REQUEST_TARGETS, message = Limits.ENTRIES) List<UUID> deployTo) {
    }

    /** Issues a managed certificate for the same names through CertificateIssuanceProcess, linked to this one. */
    @ApiResponse(responseCode = "202", description = "Accepted: the successor is issued in the background; read it at Location")
    @PostMapping(value = "/{id}/replace", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> replace(Caller caller, @PathVariable UUID id, @Valid @RequestBody ReplaceBody body) {
        Accepted accepted = requests.replace(caller, id, new NewCertificate(null, null, body.issuer(), body.template(),
                body.keyType(), body.validationMethod(), body.validationMethods(), body.deployTo()));
        return ResponseEntity.accepted().location(URI.create("/api/certificates/" + accepted.id())).body(accepted);
    }

    @GetMapping("/{id}")
    CertificateView get(Caller caller, @PathVariable UUID id) {
        Certificate certificate = certificates.get(caller, id);
        List<String> caaRecordsAdded = caa.recordsAdded(certificate.id());
        return view(issuerNames(caller), certificate, caaRecordsAdded.isEmpty() ? null : caaRecordsAdded, plans.planOf(certificate));
    }

    @GetMapping(value = "/{id}/chain", produces = "application/pem-certificate-chain")
    String chain(Caller caller, @PathVariable UUID id) {
        return certificates.chainPem(caller, id);
    }

    @GetMapping
    Page<CertificateView> list(Caller caller,
                               @RequestParam(required = false) String status,
                               @RequestParam(required = false) String domain,
                               @RequestParam(required = false) Instant expiresBefore,
                               @RequestParam(required = false) Boolean autoManaged,
                               @RequestParam(required = false) Boolean deployed,
                               @RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "50") int size) {
        Page<Certificate> found = certificates.list(caller, parseStatus(status), domain, expiresBefore, autoManaged, deployed, page, size);
        Map<UUID, String> issuerNames = issuerNames(caller);
        return new Page<>(found.items().stream().map(certificate -> view(issuerNames, certificate, null)).toList(),
                found.page(), found.size(), found.total());
    }

    private static CertificateStatus parseStatus(String status) {
        if (status == null) {
            return null;
        }
        try {
            return CertificateStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("status: '" + status + "' is not one of " + List.of(CertificateStatus.values()));
        }
    }

    /** Issuer names by id, read once per answer rather than once per certificate. */
    private Map<UUID, String> issuerNames(Caller caller) {
        return issuerNames(issuers, caller);
    }

    /** Issuer names by id, as the caller sees them, to show certificates with their issuer's name. */
    static Map<UUID, String> issuerNames(IssuerService issuers, Caller caller) {
        return issuers.list(caller).stream().collect(Collectors.toMap(Issuer::id, Issuer::name));
    }

    /** {@code caaRecordsAdded}: the CAA records Certflow added so the issuer may issue; only in the single view. */
    static CertificateView view(Map<UUID, String> issuerNames, Certificate certificate, List<String> caaRecordsAdded) {
        return view(issuerNames, certificate, caaRecordsAdded, null);
    }

    /** {@code renewal}: what renewal plans for it; only in the single view. */
    static CertificateView view(Map<UUID, String> issuerNames, Certificate certificate, List<String> caaRecordsAdded,
                                RenewalPlan renewal) {
        String issuerName = certificate.issuerId() == null ? null : issuerNames.get(certificate.issuerId());
        return new CertificateView(certificate.id(), certificate.tenantId(), certificate.domains(), certificate.status(),
                certificate.serialNumber(), certificate.notBefore(), certificate.notAfter(), certificate.sha256Fingerprint(),
                issuerName, certificate.keyType().name(), certificate.source().name(), certificate.autoManaged(),
                certificate.failureReason(), certificate.predecessorId(), certificate.createdAt(), certificate.updatedAt(),
                caaRecordsAdded, certificate.outsideValidity() ? Boolean.TRUE : null, certificate.successorId(), renewal);
    }
}

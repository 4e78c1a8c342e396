package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.certificate.Certificate;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.repository.ApplicationRepository;
import io.certflow.repository.ApplicationRepositoryCertificates.NewRepositoryCertificate;
import io.certflow.repository.ApplicationRepositoryCertificates;
import io.certflow.repository.ApplicationRepositoryCms;
import io.certflow.repository.ApplicationRepositoryService.DataSourceChoice;
import io.certflow.repository.ApplicationRepositoryService;
import io.certflow.repository.cms.CmsVerification;
import io.certflow.security.Caller;
import io.certflow.web.CertificateController.CertificateView;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;

/** Certificate application repositories and their CMS data operations; binary data travels as base64 in JSON. */
@RestController
@RequestMapping(value = "/api/repositories", produces = MediaType.APPLICATION_JSON_VALUE)
class RepositoryController {

    private final ApplicationRepositoryService repositories;
    private final ApplicationRepositoryCertificates repositoryCertificates;
    private final ApplicationRepositoryCms cms;
    private final IssuerService issuers;

    RepositoryController(ApplicationRepositoryService repositories, ApplicationRepositoryCertificates repositoryCertificates,
                         ApplicationRepositoryCms cms, IssuerService issuers) {
        this.repositories = repositories;
        this.repositoryCertificates = repositoryCertificates;
        this.cms = cms;
        this.issuers = issuers;
    }

    record RepositoryBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                          @Size(max = Limits.NAME, message = Limits.CHARACTERS) String name,
                          @Size(max = Limits.WORD, message = Limits.CHARACTERS) String dataSource,
                          @Size(max = Limits.NAME, message = Limits.CHARACTERS) String certificateAuthority) {
    }

    record RenameBody(@Size(max = Limits.NAME, message = Limits.CHARACTERS) String name) {
    }

    record ResetBody(Boolean confirmed) {
    }

    record RepositoryView(UUID id, String tenant, String name, String dataSource, String certificateAuthority, String state,
                          Instant createdAt, Instant updatedAt, List<CertificateView> certificates) {
    }

    record ResetView(String processInstanceId, RepositoryView repository, String next) {
    }

    /** validity: a number of days or an ISO-8601 duration; a JSON number is a number of days. */
    record NewCertificateBody(String subject, List<String> sans, String keyType, JsonNode validity) {
    }

    record SignBody(UUID certificateId, @Size(max = Limits.CMS_BASE64, message = Limits.CHARACTERS) String content,
                    Boolean detached) {
    }

    @Schema(name = "CmsVerifyBody")
    record VerifyBody(@Size(max = Limits.CMS_BASE64, message = Limits.CHARACTERS) String signature,
                      @Size(max = Limits.CMS_BASE64, message = Limits.CHARACTERS) String content) {
    }

    record EncryptBody(UUID certificateId, @Size(max = Limits.CMS_BASE64, message = Limits.CHARACTERS) String content) {
    }

    record DecryptBody(UUID certificateId, @Size(max = Limits.CMS_BASE64, message = Limits.CHARACTERS) String envelopedData) {
    }

    @Schema(description = "A CMS SignedData structure, DER in Base64")
    record CmsSignatureView(String signature) {
    }

    /** What a verification found; signer, content, signingTime and reason only where there is one. */
    record CmsVerificationView(boolean valid, String signer, String signerSerialNumber, String content, Instant signingTime,
                               String reason) {

        static CmsVerificationView of(CmsVerification verification) {
            var signer = verification.signer();
            return new CmsVerificationView(verification.valid(),
                    signer == null ? null : signer.getSubjectX500Principal().getName(),
                    signer == null ? null : signer.getSerialNumber().toString(16),
                    verification.content() == null ? null : Base64.getEncoder().encodeToString(verification.content()),
                    verification.signingTime(), verification.reason());
        }
    }

    @Schema(description = "A CMS EnvelopedData structure, DER in Base64")
    record CmsEnvelopeView(String envelopedData) {
    }

    @Schema(description = "The decrypted content, in Base64")
    record CmsContentView(String content) {
    }

    @ApiResponse(responseCode = "201", description = "The repository, created")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RepositoryView> create(Caller caller, @Valid @RequestBody RepositoryBody body) {
        ApplicationRepository repository = repositories.create(caller, body.tenant(), body.name(),
                new DataSourceChoice(body.dataSource(), body.certificateAuthority()));
        return ResponseEntity.created(URI.create("/api/repositories/" + repository.id())).body(view(caller, repository, false));
    }

    @GetMapping
    List<RepositoryView> list(Caller caller) {
        return repositories.list(caller).stream().map(repository -> view(caller, repository, false)).toList();
    }

    @GetMapping("/{id}")
    RepositoryView get(Caller caller, @PathVariable UUID id) {
        return view(caller, repositories.get(caller, id), true);
    }

    @PatchMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    RepositoryView rename(Caller caller, @PathVariable UUID id, @Valid @RequestBody RenameBody body) {
        return view(caller, repositories.rename(caller, id, body.name()), false);
    }

    /**
     * Starts RepositoryResetProcess. With {"confirmed": true} the caller confirms that the reset
     * cannot be undone and it happens at once; without, a Tasklist task asks for that confirmation.
     */
    @ApiResponse(responseCode = "202", description = "The reset, started; without confirmed: true it waits for a confirmation in Tasklist")
    @PostMapping(value = "/{id}/reset", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ResetView> reset(Caller caller, @PathVariable UUID id, @Valid @RequestBody ResetBody body) {
        boolean confirmed = Boolean.TRUE.equals(body.confirmed());
        String processInstanceId = repositories.requestReset(caller, id, confirmed);
        return ResponseEntity.accepted().body(new ResetView(processInstanceId, view(caller, repositories.get(caller, id), false),
                confirmed ? null : "Confirm in Tasklist that the reset cannot be undone (task 'Confirm the repository reset'),"
                        + " or call again with {\"confirmed\": true}"));
    }

    @PostMapping(value = "/{id}/enable", consumes = MediaType.APPLICATION_JSON_VALUE)
    RepositoryView enable(Caller caller, @PathVariable UUID id, @Valid @RequestBody RepositoryBody body) {
        return view(caller, repositories.enable(caller, id, new DataSourceChoice(body.dataSource(), body.certificateAuthority())), false);
    }

    /** Starts RepositoryDeleteProcess; 409 unless the repository was reset first. */
    @ApiResponse(responseCode = "204", description = "RepositoryDeleteProcess, started")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        repositories.requestDelete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @ApiResponse(responseCode = "201", description = "The certificate, issued by the repository's CA")
    @PostMapping(value = "/{id}/certificates", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CertificateView> issue(Caller caller, @PathVariable UUID id, @RequestBody NewCertificateBody body) {
        Certificate certificate = repositoryCertificates.issue(caller, id,
                new NewRepositoryCertificate(body.subject(), body.sans(), body.keyType(), validity(body.validity())));
        return ResponseEntity.created(URI.create("/api/certificates/" + certificate.id()))
                .body(CertificateController.view(issuerNames(caller), certificate, null));
    }

    @PostMapping(value = "/{id}/sign", consumes = MediaType.APPLICATION_JSON_VALUE)
    CmsSignatureView sign(Caller caller, @PathVariable UUID id, @Valid @RequestBody SignBody body) {
        byte[] signature = cms.sign(caller, id, body.certificateId(), base64("content", body.content()),
                Boolean.TRUE.equals(body.detached()));
        return new CmsSignatureView(Base64.getEncoder().encodeToString(signature));
    }

    @PostMapping(value = "/{id}/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    CmsVerificationView verify(Caller caller, @PathVariable UUID id, @Valid @RequestBody VerifyBody body) {
        CmsVerification verification = cms.verify(caller, id, base64("signature", body.signature()),
                body.content() == null ? null : base64("content", body.content()));
        return CmsVerificationView.of(verification);
    }

    @PostMapping(value = "/{id}/encrypt", consumes = MediaType.APPLICATION_JSON_VALUE)
    CmsEnvelopeView encrypt(Caller caller, @PathVariable UUID id, @Valid @RequestBody EncryptBody body) {
        byte[] enveloped = cms.encrypt(caller, id, body.certificateId(), base64("content", body.content()));
        return new CmsEnvelopeView(Base64.getEncoder().encodeToString(enveloped));
    }

    @PostMapping(value = "/{id}/decrypt", consumes = MediaType.APPLICATION_JSON_VALUE)
    CmsContentView decrypt(Caller caller, @PathVariable UUID id, @Valid @RequestBody DecryptBody body) {
        byte[] content = cms.decrypt(caller, id, body.certificateId(), base64("envelopedData", body.envelopedData()));
        return new CmsContentView(Base64.getEncoder().encodeToString(content));
    }

    private RepositoryView view(Caller caller, ApplicationRepository repository, boolean withCertificates) {
        Map<UUID, String> issuerNames = issuerNames(caller);
        String ca = repository.caId() == null ? null
                : issuers.findByCa(repository.tenantId(), repository.caId()).map(Issuer::name).orElse(null);
        List<CertificateView> certificates = withCertificates
                ? repositories.certificatesOf(repository).stream()
                        .map(certificate -> CertificateController.view(issuerNames, certificate, null)).toList()
                : null;
        return new RepositoryView(repository.id(), repository.tenantId(), repository.name(),
                repository.dataSource() == null ? null : repository.dataSource().name(), ca, repository.state().name(),
                repository.createdAt(), repository.updatedAt(), certificates);
    }

    private Map<UUID, String> issuerNames(Caller caller) {
        return CertificateController.issuerNames(issuers, caller);
    }

    /** A whole number of days, or the text of a number or an ISO-8601 duration; anything else is refused here. */
    private static String validity(JsonNode validity) {
        if (validity == null || validity.isNull()) {
            return null;
        }
        if (validity.isIntegralNumber() || validity.isTextual()) {
            return validity.asText();
        }
        throw new InvalidRequestException("validity: a whole number of days or an ISO-8601 duration such as P365D, not "
                + (validity.isNumber() ? "a fraction" : "a JSON " + validity.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }

    private static byte[] base64(String field, String value) {
        if (value == null) {
            throw new InvalidRequestException(field + ": the data, base64-encoded, is required");
        }
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field + ": not base64: " + e.getMessage());
        }
    }
}

package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService.NewIssuer;
import io.certflow.issuer.IssuerService.NewTemplate;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuingTemplate;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
@RequestMapping(value = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class IssuerController {

    private final IssuerService issuers;

    IssuerController(IssuerService issuers) {
        this.issuers = issuers;
    }

    record IssuerBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                      @Size(max = Limits.NAME, message = Limits.CHARACTERS) String name,
                      @Size(max = Limits.WORD, message = Limits.CHARACTERS) String type,
                      @Size(max = Limits.URL, message = Limits.CHARACTERS) String directoryUrl,
                      @Size(max = Limits.EMAIL, message = Limits.CHARACTERS) String contactEmail,
                      Boolean termsOfServiceAgreed,
                      @Size(max = Limits.PEM, message = Limits.CHARACTERS) String trustAnchorPem,
                      @Valid ExternalAccountBinding externalAccountBinding,
                      @Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String caaIdentity,
                      Boolean approvalRequired) {
    }

    record IssuerChange(Boolean approvalRequired, Integer ordersPerHour) {
    }

    record ExternalAccountBinding(@Size(max = Limits.EAB_KEY_ID, message = Limits.CHARACTERS) String keyId,
                                  @Size(max = Limits.SECRET, message = Limits.CHARACTERS) String hmacKey) {
    }

    /** Secrets (account key, EAB HMAC key) are never part of the answer. */
    record IssuerView(UUID id, String tenant, String name, String type, String directoryUrl, String contactEmail,
                      boolean termsAccepted, String termsAgreedUrl, Instant termsAgreedAt, String termsAgreedBy,
                      String termsRequiredUrl, boolean externalAccountBinding, boolean hasTrustAnchor, String accountUrl,
                      String caaIdentity, boolean approvalRequired, Integer ordersPerHour, Instant createdAt) {
        static IssuerView of(Issuer issuer) {
            return new IssuerView(issuer.id(), issuer.tenantId(), issuer.name(), issuer.type().name(), issuer.directoryUrl(),
                    issuer.contactEmail(), issuer.termsAccepted(), issuer.termsAgreedUrl(), issuer.termsAgreedAt(),
                    issuer.termsAgreedBy(), issuer.termsRequiredUrl(), issuer.eabKeyId() != null, issuer.trustAnchorPem() != null,
                    issuer.accountUrl(), issuer.caaIdentity(), issuer.approvalRequired(), issuer.effectiveOrdersPerHour(),
                    issuer.createdAt());
        }
    }

    record TermsBody(Boolean accepted, @Size(max = Limits.URL, message = Limits.CHARACTERS) String termsUrl) {
    }

    @ApiResponse(responseCode = "201", description = "The issuer, created")
    @PostMapping(value = "/issuers", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IssuerView> create(Caller caller, @Valid @RequestBody IssuerBody body) {
        ExternalAccountBinding eab = body.externalAccountBinding();
        Issuer issuer = issuers.create(caller, new NewIssuer(body.tenant(), body.name(), body.type(), body.directoryUrl(),
                body.contactEmail(), body.termsOfServiceAgreed(), body.trustAnchorPem(),
                eab == null ? null : eab.keyId(), eab == null ? null : eab.hmacKey(), body.caaIdentity(), body.approvalRequired()));
        return ResponseEntity.created(URI.create("/api/issuers/" + issuer.id())).body(IssuerView.of(issuer));
    }

    @GetMapping("/issuers")
    List<IssuerView> list(Caller caller) {
        return issuers.list(caller).stream().map(IssuerView::of).toList();
    }

    @GetMapping("/issuers/{id}")
    IssuerView get(Caller caller, @PathVariable UUID id) {
        return IssuerView.of(issuers.get(caller, id));
    }

    /** Changes what can change about an issuer: whether every request from it needs a person's approval. */
    @PatchMapping(value = "/issuers/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    IssuerView change(Caller caller, @PathVariable UUID id, @RequestBody IssuerChange body) {
        if (body.approvalRequired() == null && body.ordersPerHour() == null) {
            throw new InvalidRequestException("approvalRequired: say true or false (or change ordersPerHour)");
        }
        Issuer changed = null;
        if (body.ordersPerHour() != null) {
            changed = issuers.setOrdersPerHour(caller, id, body.ordersPerHour());
        }
        if (body.approvalRequired() != null) {
            changed = issuers.setApprovalRequired(caller, id, body.approvalRequired());
        }
        return IssuerView.of(changed);
    }

    /** Accepts the CA's current terms of service and releases the requests waiting for them. */
    @PostMapping(value = "/issuers/{id}/terms", consumes = MediaType.APPLICATION_JSON_VALUE)
    IssuerView acceptTerms(Caller caller, @PathVariable UUID id, @Valid @RequestBody TermsBody body) {
        if (!Boolean.TRUE.equals(body.accepted())) {
            throw new InvalidRequestException("accepted: must be true to accept the terms of service");
        }
        return IssuerView.of(issuers.acceptTerms(caller, id, body.termsUrl()));
    }

    record TemplateBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                        @Size(max = Limits.NAME, message = Limits.CHARACTERS) String name,
                        @Size(max = Limits.NAME, message = Limits.CHARACTERS) String issuer,
                        @Size(max = Limits.WORD, message = Limits.CHARACTERS) String keyType,
                        Integer validityDays,
                        @Size(max = Limits.WORD, message = Limits.CHARACTERS) String validationMethod,
                        Boolean approvalRequired,
                        @Size(max = Limits.NAME, message = Limits.CHARACTERS) String profile) {
    }

    record TemplateView(UUID id, String tenant, String name, UUID issuerId, String keyType, Integer validityDays,
                        String validationMethod, boolean approvalRequired, String profile) {
        static TemplateView of(IssuingTemplate template) {
            return new TemplateView(template.id(), template.tenantId(), template.name(), template.issuerId(),
                    template.keyType().name(), template.validityDays(), template.validationMethod().name(), template.approvalRequired(),
                    template.profile());
        }
    }

    @ApiResponse(responseCode = "201", description = "The template, created")
    @PostMapping(value = "/templates", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TemplateView> createTemplate(Caller caller, @Valid @RequestBody TemplateBody body) {
        IssuingTemplate template = issuers.createTemplate(caller, new NewTemplate(body.tenant(), body.name(), body.issuer(),
                body.keyType(), body.validityDays(), body.validationMethod(), body.approvalRequired(), body.profile()));
        return ResponseEntity.created(URI.create("/api/templates/" + template.id())).body(TemplateView.of(template));
    }

    @GetMapping("/templates")
    List<TemplateView> templates(Caller caller) {
        return issuers.listTemplates(caller).stream().map(TemplateView::of).toList();
    }

    @GetMapping("/templates/{id}")
    TemplateView template(Caller caller, @PathVariable UUID id) {
        return TemplateView.of(issuers.getTemplate(caller, id));
    }
}

package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.renewal.RenewNow;
import io.certflow.renewal.Renewal;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Renew one certificate now, as a renewal run would (the renewal shows in the certificate's renewal plan). */
@RestController
@RequestMapping(value = "/api/certificates/{id}/renewals", produces = MediaType.APPLICATION_JSON_VALUE)
class CertificateRenewalController {

    private final RenewNow renewNow;

    CertificateRenewalController(RenewNow renewNow) {
        this.renewNow = renewNow;
    }

    @Schema(name = "CertificateRenewalView", description = "A renewal of one certificate, started")
    record RenewalView(UUID id, UUID certificateId, String state, String processInstanceId, Instant createdAt) {

        static RenewalView of(Renewal renewal) {
            return new RenewalView(renewal.id(), renewal.certificateId(), renewal.state().name(), renewal.processInstanceId(),
                    renewal.createdAt());
        }
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the successor is issued in the background; the certificate's"
            + " renewal plan (GET /api/certificates/{id}) follows it, and its successorId names the successor once renewed")
    @PostMapping
    ResponseEntity<RenewalView> renew(Caller caller, @PathVariable UUID id) {
        Renewal renewal = renewNow.renew(caller, id);
        return ResponseEntity.accepted().location(URI.create("/api/certificates/" + id)).body(RenewalView.of(renewal));
    }
}

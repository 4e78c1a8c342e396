package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.certificate.CertificateService.Page;
import io.certflow.deployment.Deployment;
import io.certflow.deployment.DeploymentService;
import io.certflow.deployment.DeploymentState;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Deployments of certificates to targets: start one, follow it, list a certificate's. */
@RestController
@RequestMapping(value = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class DeploymentController {

    private final DeploymentService deployments;

    DeploymentController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    record DeploymentBody(UUID targetId) {
    }

    /**
     * @param final_         whether the state is final (DEPLOYED, ROLLED_BACK, FAILED)
     * @param verified       whether the endpoint was seen serving the new certificate (false for a target without one)
     */
    record DeploymentView(UUID id, String tenant, UUID certificateId, UUID targetId, String targetName, DeploymentState state,
                          @com.fasterxml.jackson.annotation.JsonProperty("final") boolean final_, Boolean verified,
                          String reason, String expectedSerial, String servedSerial, String previousSerial,
                          Integer reloadExitCode, String reloadOutput, String processInstanceId, String requestedBy,
                          Instant createdAt, Instant updatedAt, Instant verifyStartedAt, Instant finishedAt) {
    }

    @ApiResponse(responseCode = "202", description = "The deployment, started; read its outcome at Location")
    @PostMapping(value = "/certificates/{id}/deployments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeploymentView> start(Caller caller, @PathVariable UUID id, @RequestBody DeploymentBody body) {
        Deployment deployment = deployments.start(caller, id, body.targetId());
        return ResponseEntity.accepted().location(URI.create("/api/deployments/" + deployment.id())).body(view(deployment));
    }

    @GetMapping("/certificates/{id}/deployments")
    Page<DeploymentView> list(Caller caller, @PathVariable UUID id, @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "50") int size) {
        Page<Deployment> found = deployments.listOf(caller, id, page, size);
        return new Page<>(found.items().stream().map(DeploymentController::view).toList(), found.page(), found.size(), found.total());
    }

    @GetMapping("/deployments/{id}")
    DeploymentView get(Caller caller, @PathVariable UUID id) {
        return view(deployments.get(caller, id));
    }

    private static DeploymentView view(Deployment d) {
        Boolean verified = d.state() == DeploymentState.DEPLOYED ? Boolean.valueOf(d.expectedSerial().equals(d.servedSerial())) : null;
        return new DeploymentView(d.id(), d.tenantId(), d.certificateId(), d.targetId(), d.targetName(), d.state(), d.state().isFinal(),
                verified, d.reason(), d.expectedSerial(), d.servedSerial(), d.previousSerial(), d.reloadExitCode(), d.reloadOutput(),
                d.processInstanceId(), d.requestedBy(), d.createdAt(), d.updatedAt(), d.verifyStartedAt(), d.finishedAt());
    }
}

package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.dns.DnsZone;
import io.certflow.dns.DnsZoneService.ZoneSettings;
import io.certflow.dns.DnsZoneService;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
@RequestMapping(value = "/api/dns-zones", produces = MediaType.APPLICATION_JSON_VALUE)
class DnsZoneController {

    private final DnsZoneService zones;

    DnsZoneController(DnsZoneService zones) {
        this.zones = zones;
    }

    record ZoneBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                    @Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String zone,
                    @Size(max = Limits.HOST_PORT, message = Limits.CHARACTERS) String primaryServer,
                    @Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String tsigKeyName,
                    @Size(max = Limits.WORD, message = Limits.CHARACTERS) String tsigAlgorithm,
                    @Size(max = Limits.SECRET, message = Limits.CHARACTERS) String tsigSecret) {

        ZoneSettings settings() {
            return new ZoneSettings(tenant, zone, primaryServer, tsigKeyName, tsigAlgorithm, tsigSecret);
        }
    }

    /** The TSIG secret is write-only: it is never part of an answer. */
    record ZoneView(UUID id, String tenant, String zone, String primaryServer, String tsigKeyName, String tsigAlgorithm,
                    Instant createdAt, Instant updatedAt) {
        static ZoneView of(DnsZone zone) {
            String host = zone.primaryHost().contains(":") ? "[" + zone.primaryHost() + "]" : zone.primaryHost();
            return new ZoneView(zone.id(), zone.tenantId(), zone.zone(), host + ":" + zone.primaryPort(), zone.tsigKeyName(),
                    zone.tsigAlgorithm(), zone.createdAt(), zone.updatedAt());
        }
    }

    @ApiResponse(responseCode = "201", description = "The zone, created")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ZoneView> create(Caller caller, @Valid @RequestBody ZoneBody body) {
        DnsZone zone = zones.create(caller, body.settings());
        return ResponseEntity.created(URI.create("/api/dns-zones/" + zone.id())).body(ZoneView.of(zone));
    }

    @GetMapping
    List<ZoneView> list(Caller caller) {
        return zones.list(caller).stream().map(ZoneView::of).toList();
    }

    @GetMapping("/{id}")
    ZoneView get(Caller caller, @PathVariable UUID id) {
        return ZoneView.of(zones.get(caller, id));
    }

    /** Replaces the primary server and TSIG key (a rotated secret); the zone's name stays. */
    @PutMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ZoneView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody ZoneBody body) {
        return ZoneView.of(zones.update(caller, id, body.settings()));
    }

    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        zones.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}

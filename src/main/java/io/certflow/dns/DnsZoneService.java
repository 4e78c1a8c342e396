package io.certflow.dns;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyProtection;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/** The DNS zones of a tenant that Certflow may update, and which of them a name falls into. */
@Service
@Transactional
public class DnsZoneService {

    static final String TSIG_PURPOSE = "dns-zone-tsig-secret";
    /** hmac-md5 is left out on purpose: RFC 8945 deprecates it. */
    static final Set<String> ALGORITHMS = Set.of("hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");
    /** Shorter secrets can be guessed; BIND's tsig-keygen makes 32 bytes. */
    static final int MIN_SECRET_BYTES = 16;

    private final DnsZoneStore zones;
    private final KeyProtection keyProtection;
    private final Clock clock;

    public DnsZoneService(DnsZoneStore zones, KeyProtection keyProtection, Clock clock) {
        this.zones = zones;
        this.keyProtection = keyProtection;
        this.clock = clock;
    }

    public record ZoneSettings(String tenant, String zone, String primaryServer, String tsigKeyName, String tsigAlgorithm,
                               String tsigSecret) {
    }

    public DnsZone create(Caller caller, ZoneSettings settings) {
        String tenantId = caller.tenantForNewRow(settings.tenant());
        caller.requireAdministratorOf(tenantId, "configure DNS zones");
        List<String> problems = new ArrayList<>();
        String zone = zoneName(settings.zone(), problems);
        DnsZone checked = checked(settings, problems, UUID.randomUUID(), tenantId, zone, clock.instant());
        if (zones.findByZone(tenantId, zone).isPresent()) {
            throw new ConflictException("The zone " + zone + " is already configured; change it with PUT /api/dns-zones/{id}");
        }
        zones.insert(checked);
        return checked;
    }

    /** Replaces the primary server and the TSIG key, e.g. after the secret was rotated. */
    public DnsZone update(Caller caller, UUID id, ZoneSettings settings) {
        DnsZone current = get(caller, id);
        caller.requireAdministratorOf(current.tenantId(), "change DNS zones");
        List<String> problems = new ArrayList<>();
        if (settings.zone() != null && (DomainNames.problemWith(settings.zone()) != null
                || !DomainNames.canonical(settings.zone()).equals(current.zone()))) {
            problems.add("zone: the zone's name cannot change (create another zone instead)");
        }
        DnsZone changed = checked(settings, problems, current.id(), current.tenantId(), current.zone(), current.createdAt());
        zones.update(changed);
        return changed;
    }

    public void delete(Caller caller, UUID id) {
        DnsZone zone = get(caller, id);
        caller.requireAdministratorOf(zone.tenantId(), "remove DNS zones");
        zones.delete(zone.id());
    }

    @Transactional(readOnly = true)
    public DnsZone get(Caller caller, UUID id) {
        return caller.requireVisible(zones.findById(id), DnsZone::tenantId, "DNS zone", id);
    }

    @Transactional(readOnly = true)
    public List<DnsZone> list(Caller caller) {
        return zones.list(caller.visibleTenants());
    }

    /**
     * The configured zone of the tenant with the longest apex that contains {@code name}: a DNS owner
     * name such as {@code _acme-challenge.www.example.com}, which need not be a host name.
     */
    @Transactional(readOnly = true)
    public Optional<DnsZone> closestZone(String tenantId, String name) {
        String canonical = DnsLookups.canonical(name);
        return zones.list(List.of(tenantId)).stream()
                .filter(zone -> zone.contains(canonical))
                .max(Comparator.comparingInt(zone -> zone.zone().length()));
    }

    private DnsZone checked(ZoneSettings settings, List<String> problems, UUID id, String tenantId, String zone, Instant createdAt) {
        HostPort primary = null;
        try {
            primary = HostPort.parse(settings.primaryServer(), 53);
        } catch (IllegalArgumentException e) {
            problems.add("primaryServer: " + e.getMessage() + " (the zone's primary server as host:port)");
        }
        String keyName = null;
        if (settings.tsigKeyName() == null || settings.tsigKeyName().isBlank()) {
            problems.add("tsigKeyName: the name of the TSIG key the server knows, e.g. certflow-update");
        } else {
            keyName = settings.tsigKeyName().trim().toLowerCase(Locale.ROOT);
            if (!keyName.matches("[a-z0-9]([a-z0-9_.-]{0,251}[a-z0-9.])?")) {
                problems.add("tsigKeyName: '" + settings.tsigKeyName() + "' is not a DNS name");
            }
        }
        String algorithm = settings.tsigAlgorithm() == null ? "hmac-sha256"
                : settings.tsigAlgorithm().trim().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (!ALGORITHMS.contains(algorithm)) {
            problems.add("tsigAlgorithm: '" + settings.tsigAlgorithm() + "' is not supported; use one of "
                    + ALGORITHMS.stream().sorted().toList());
        }
        byte[] secret = null;
        if (settings.tsigSecret() == null || settings.tsigSecret().isBlank()) {
            problems.add("tsigSecret: the key's secret, base64 as in BIND's key statement, is required");
        } else {
            try {
                secret = Base64.getDecoder().decode(settings.tsigSecret().trim());
                if (secret.length < MIN_SECRET_BYTES) {
                    problems.add("tsigSecret: " + secret.length + " bytes is too short; use at least " + MIN_SECRET_BYTES
                            + " (tsig-keygen makes 32)");
                }
            } catch (IllegalArgumentException e) {
                // The decoder's message names the offending character: a piece of the secret.
                problems.add("tsigSecret: not base64 (write the secret as in BIND's key statement)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        String secretEnc = keyProtection.encrypt(Base64.getEncoder().encodeToString(secret).getBytes(StandardCharsets.US_ASCII),
                TSIG_PURPOSE);
        return new DnsZone(id, tenantId, zone, primary.host(), primary.port(), keyName, algorithm, secretEnc, createdAt,
                clock.instant());
    }

    private static String zoneName(String raw, List<String> problems) {
        if (raw == null || raw.isBlank()) {
            problems.add("zone: the zone's apex is required, e.g. example.com");
            return null;
        }
        String problem = DomainNames.problemWith(raw);
        if (problem == null && raw.contains("*")) {
            problem = "'" + raw + "' is a wildcard, not a zone";
        }
        if (problem != null) {
            problems.add("zone: " + problem);
            return null;
        }
        return DomainNames.canonical(raw);
    }
}

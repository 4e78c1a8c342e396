package io.certflow.validation.dns01;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import io.certflow.config.CertflowProperties;
import io.certflow.dns.DnsClient;
import io.certflow.dns.DnsLookups;
import io.certflow.dns.DnsZone;
import io.certflow.dns.DnsZoneService;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.validation.ChallengeSolver;
import io.certflow.validation.DomainAuthorization;

/**
 * dns-01: adds the challenge's TXT record to the zone by an RFC 2136 update signed with TSIG,
 * following a CNAME on _acme-challenge.<name> into the zone it delegates to, and removes exactly
 * that record again (other records of the same name, e.g. of a wildcard and its apex validated at
 * the same time elsewhere, stay).
 */
@Component
public class Dns01Solver implements ChallengeSolver {

    private static final Logger log = LoggerFactory.getLogger(Dns01Solver.class);

    private final DnsZoneService zones;
    private final DnsLookups lookups;
    private final DnsClient dns;
    private final int ttl;

    public Dns01Solver(DnsZoneService zones, DnsLookups lookups, DnsClient dns, CertflowProperties properties) {
        this.zones = zones;
        this.lookups = lookups;
        this.dns = dns;
        this.ttl = properties.validation().dns01().recordTtl();
    }

    @Override
    public String challengeType() {
        return "dns-01";
    }

    @Override
    public String present(DomainAuthorization authorization) {
        String owner = "_acme-challenge." + authorization.baseDomain();
        String target = lookups.followCnames(owner);
        DnsZone zone = zones.closestZone(authorization.tenantId(), target).orElseThrow(() -> new BusinessFailure(
                FailureReason.VALIDATION_FAILED, "No DNS zone is configured for " + target
                + (target.equals(owner) ? "" : " (where " + owner + " points by CNAME)")
                + ", so the dns-01 record of " + authorization.domain() + " cannot be added; configure the zone with POST /api/dns-zones"));
        Update update = new Update(DnsClient.absolute(zone.zone()));
        update.add(record(target, authorization.keyAuthorization(), ttl));
        dns.update(zone, update, "add the TXT record " + target);
        return target;
    }

    @Override
    public boolean needsPropagation() {
        return true;
    }

    @Override
    public boolean visible(DomainAuthorization authorization) {
        DnsZone zone = zoneOf(authorization).orElseThrow(() -> new BusinessFailure(FailureReason.VALIDATION_FAILED,
                "The DNS zone of " + authorization.recordName() + " was removed while its dns-01 record was being published"));
        return lookups.visibleEverywhere(zone, authorization.recordName(), Type.TXT,
                record -> String.join("", ((TXTRecord) record).getStrings()).equals(authorization.keyAuthorization()));
    }

    @Override
    public void cleanUp(DomainAuthorization authorization) {
        if (authorization.recordName() == null) {
            return;
        }
        DnsZone zone = zoneOf(authorization).orElse(null);
        if (zone == null) {
            log.warn("The DNS zone of {} is no longer configured; its dns-01 TXT record could not be removed", authorization.recordName());
            return;
        }
        Update update = new Update(DnsClient.absolute(zone.zone()));
        // Deleting the one record (class NONE), not the RRset: a parallel validation of the same name keeps its own.
        update.delete(record(authorization.recordName(), authorization.keyAuthorization(), 0));
        dns.update(zone, update, "remove the TXT record " + authorization.recordName());
    }

    private java.util.Optional<DnsZone> zoneOf(DomainAuthorization authorization) {
        return zones.closestZone(authorization.tenantId(), authorization.recordName());
    }

    private static TXTRecord record(String owner, String value, long ttl) {
        return new TXTRecord(DnsClient.absolute(owner), DClass.IN, ttl, List.of(value));
    }
}

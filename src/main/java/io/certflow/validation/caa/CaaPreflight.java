package io.certflow.validation.caa;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateStore;
import io.certflow.dns.DnsClient;
import io.certflow.dns.DnsLookups;
import io.certflow.dns.DnsZone;
import io.certflow.dns.DnsZoneService;
import io.certflow.error.BoundedWait;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TransientFault;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;

/**
 * Before an order: does CAA (RFC 8659) let the issuer issue for every name? When it does not and
 * Certflow manages the zone holding the relevant record set, it adds the issuer there (issue, or
 * issuewild for a wildcard) and keeps a record of the change; otherwise the request fails before
 * any order, naming the record that blocks it. Failing early keeps the CA's failed-validation
 * rate limits untouched.
 */
@Service
@Transactional(noRollbackFor = BusinessFailure.class)
public class CaaPreflight {

    private static final Logger log = LoggerFactory.getLogger(CaaPreflight.class);
    /** A record just added is normally visible at once at the primary; secondaries follow by NOTIFY within seconds. */
    private static final Duration VISIBILITY_WAIT = Duration.ofSeconds(10);

    private final CertificateStore certificates;
    private final CertificateRequestStore requests;
    private final IssuerStore issuers;
    private final DnsZoneService zones;
    private final DnsClient dns;
    private final DnsLookups lookups;
    private final CaaRecordStore added;
    private final Clock clock;

    public CaaPreflight(CertificateStore certificates, CertificateRequestStore requests, IssuerStore issuers,
                        DnsZoneService zones, DnsClient dns, DnsLookups lookups, CaaRecordStore added, Clock clock) {
        this.certificates = certificates;
        this.requests = requests;
        this.issuers = issuers;
        this.zones = zones;
        this.dns = dns;
        this.lookups = lookups;
        this.added = added;
        this.clock = clock;
    }

    /** The CAA records Certflow added for any request of the certificate, as zone-file lines. */
    @Transactional(readOnly = true)
    public List<String> recordsAdded(UUID certificateId) {
        return added.forCertificate(certificateId);
    }

    /** Only an issuer that names its CAA identity can be checked against CAA records. */
    @Transactional(readOnly = true)
    public boolean needed(UUID requestId) {
        return issuerOf(request(requestId)).caaIdentity() != null;
    }

    /**
     * Checks every name, adding the issuer's record where Certflow may.
     *
     * @throws BusinessFailure CAA_FORBIDDEN naming the blocking record set when Certflow cannot change it
     */
    public void preflight(UUID requestId) {
        CertificateRequest request = request(requestId);
        Issuer issuer = issuerOf(request);
        if (issuer.caaIdentity() == null) {
            return;
        }
        Certificate certificate = certificates.findCertificate(request.certificateId()).orElseThrow();
        for (String domain : certificate.domains()) {
            boolean wildcard = domain.startsWith("*.");
            RelevantSet relevant = relevantSet(wildcard ? domain.substring(2) : domain);
            if (relevant == null) {
                continue;
            }
            CaaPolicy.Verdict verdict = CaaPolicy.evaluate(relevant.entries(), issuer.caaIdentity(), wildcard);
            if (!verdict.permitted()) {
                permit(request, issuer, domain, wildcard, relevant, verdict);
            }
        }
    }

    /**
     * Why CAA would stop {@code issuer} from issuing for {@code name} with nothing Certflow can do
     * about it (the relevant set forbids the CA and Certflow manages no zone to add a record in);
     * null when it may issue, also when Certflow will add the record as the issuance starts.
     * Asked before anything is ordered (the AutoSSL preflight).
     */
    public String problemFor(String tenantId, String name, Issuer issuer) {
        if (issuer.caaIdentity() == null) {
            return null;
        }
        boolean wildcard = name.startsWith("*.");
        RelevantSet relevant = relevantSet(wildcard ? name.substring(2) : name);
        if (relevant == null) {
            return null;
        }
        CaaPolicy.Verdict verdict = CaaPolicy.evaluate(relevant.entries(), issuer.caaIdentity(), wildcard);
        if (verdict.permitted() || zones.closestZone(tenantId, relevant.owner()).isPresent()) {
            return null;
        }
        return "CAA forbids " + issuer.name() + " (CAA identity " + issuer.caaIdentity() + ") to issue for " + name
                + ": the relevant record set is " + relevant + ", " + verdict.reason() + "; add " + wanted(relevant.owner(), wildcard, issuer)
                + " to the zone of " + relevant.owner();
    }

    private void permit(CertificateRequest request, Issuer issuer, String domain, boolean wildcard, RelevantSet relevant,
                        CaaPolicy.Verdict verdict) {
        DnsZone zone = zones.closestZone(request.tenantId(), relevant.owner()).orElseThrow(() -> new BusinessFailure(
                FailureReason.CAA_FORBIDDEN, "CAA forbids " + issuer.name() + " (CAA identity " + issuer.caaIdentity() + ") to issue for "
                + domain + ": the relevant record set is " + relevant + ", " + verdict.reason()
                + ". Certflow does not manage the zone of " + relevant.owner() + "; add " + wanted(relevant.owner(), wildcard, issuer)
                + " there, or configure the zone with POST /api/dns-zones"));
        String record = wanted(relevant.owner(), wildcard, issuer);
        CAARecord caa = new CAARecord(DnsClient.absolute(relevant.owner()), DClass.IN, relevant.ttl(), 0, wildcard ? "issuewild" : "issue",
                issuer.caaIdentity());
        Update update = new Update(DnsClient.absolute(zone.zone()));
        update.add(caa);
        dns.update(zone, update, "add the CAA record " + record);
        added.recordIfAbsent(request.tenantId(), request.id(), zone.id(), record, clock.instant());
        log.info("Added {} to zone {} so that {} may issue for {} (was: {})", record, zone.zone(), issuer.name(), domain, relevant);
        boolean visible = BoundedWait.until(VISIBILITY_WAIT, () -> lookups.visibleEverywhere(zone, relevant.owner(), Type.CAA,
                found -> found instanceof CAARecord c && c.getTag().equalsIgnoreCase(caa.getTag())
                        && c.getValue().equalsIgnoreCase(caa.getValue())));
        if (!visible) {
            // Ordering now could let the CA see the old set; the engine retries this step (the update is idempotent).
            throw new TransientFault("The CAA record " + record + " is not yet visible at every name server of " + zone.zone(), null);
        }
    }

    /**
     * RFC 8659 section 3: the CAA set of the name, else of its parent, and so on up to the
     * top-level domain; null when there is none anywhere (nothing restricts issuance).
     */
    private RelevantSet relevantSet(String name) {
        String current = name;
        while (true) {
            List<CAARecord> records = dns.resolve(current, Type.CAA).records().stream()
                    .filter(CAARecord.class::isInstance).map(CAARecord.class::cast).toList();
            if (!records.isEmpty()) {
                // Owner of the records themselves: the name may be a CNAME to where the set really is.
                String owner = records.get(0).getName().toString(true).toLowerCase(java.util.Locale.ROOT);
                return new RelevantSet(owner, records.get(0).getTTL(),
                        records.stream().map(r -> new CaaPolicy.Entry(r.getFlags(), r.getTag(), r.getValue())).toList());
            }
            int dot = current.indexOf('.');
            if (dot < 0) {
                return null;
            }
            current = current.substring(dot + 1);
        }
    }

    private record RelevantSet(String owner, long ttl, List<CaaPolicy.Entry> entries) {

        @Override
        public String toString() {
            return entries.stream().map(entry -> owner + ". CAA " + entry).toList().toString();
        }
    }

    private static String wanted(String owner, boolean wildcard, Issuer issuer) {
        return owner + ". CAA 0 " + (wildcard ? "issuewild" : "issue") + " \"" + issuer.caaIdentity() + "\"";
    }

    private CertificateRequest request(UUID requestId) {
        return requests.findRequest(requestId).orElseThrow(() -> new IllegalStateException("Request " + requestId + " does not exist"));
    }

    private Issuer issuerOf(CertificateRequest request) {
        return issuers.findById(request.issuerId())
                .orElseThrow(() -> new BusinessFailure(FailureReason.REQUEST_INVALID, "The issuer of this request was deleted"));
    }
}

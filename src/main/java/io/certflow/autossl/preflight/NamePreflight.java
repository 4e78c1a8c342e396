package io.certflow.autossl.preflight;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import io.certflow.certificate.ValidationMethod;
import io.certflow.dns.DnsClient;
import io.certflow.dns.DnsZoneService;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerType;
import io.certflow.validation.caa.CaaPreflight;
import io.certflow.validation.http01.Http01Probe;

/**
 * Whether the provider can be expected to issue for one name before anything is ordered: a name
 * that would fail validation at the CA is left out of its certificate (a deferral with the reason)
 * instead of failing the order of every name with it, and is tried again on the next run.
 * <ul>
 *   <li>a name in a DNS zone Certflow manages is proven with dns-01;</li>
 *   <li>else it must resolve, and an http-01 probe through each of its addresses (at most
 *       {@value #MAX_ADDRESSES}) must reach Certflow on the port the CA will use;</li>
 *   <li>and CAA must allow the provider, or Certflow must manage the zone to add the record.</li>
 * </ul>
 * A private CA validates nothing, so every name passes.
 */
@Component
public class NamePreflight {

    static final int MAX_ADDRESSES = 4;

    /** The method a name will be proven with, or why it is deferred (method null). */
    public record Outcome(String name, ValidationMethod method, String deferral) {

        public boolean passed() {
            return deferral == null;
        }

        static Outcome deferred(String name, String reason) {
            return new Outcome(name, null, reason);
        }
    }

    private final DnsClient dns;
    private final DnsZoneService zones;
    private final Http01Probe probe;
    private final CaaPreflight caa;
    private final int httpPort;
    private final Duration timeout;

    public NamePreflight(DnsClient dns, DnsZoneService zones, Http01Probe probe, CaaPreflight caa,
                         @Value("${certflow.autossl.preflight.http-port:80}") int httpPort,
                         @Value("${certflow.autossl.preflight.timeout:PT5S}") Duration timeout) {
        this.dns = dns;
        this.zones = zones;
        this.probe = probe;
        this.caa = caa;
        this.httpPort = httpPort;
        this.timeout = timeout;
    }

    public Outcome check(String tenantId, String name, Issuer provider) {
        if (provider.type() != IssuerType.ACME) {
            return new Outcome(name, ValidationMethod.NONE, null);
        }
        ValidationMethod method;
        if (zones.closestZone(tenantId, name).isPresent()) {
            method = ValidationMethod.DNS_01;
        } else {
            String unreachable = problemReaching(name);
            if (unreachable != null) {
                return Outcome.deferred(name, unreachable);
            }
            method = ValidationMethod.HTTP_01;
        }
        String forbidden = caa.problemFor(tenantId, name, provider);
        return forbidden != null ? Outcome.deferred(name, forbidden) : new Outcome(name, method, null);
    }

    /**
     * How a name that is not preflighted now (it is covered, and joins a new certificate of its
     * domain) is proven: as the preflight would choose, without asking the network.
     */
    public ValidationMethod methodFor(String tenantId, String name, Issuer provider) {
        if (provider.type() != IssuerType.ACME) {
            return ValidationMethod.NONE;
        }
        return zones.closestZone(tenantId, name).isPresent() ? ValidationMethod.DNS_01 : ValidationMethod.HTTP_01;
    }

    private String problemReaching(String name) {
        List<InetAddress> addresses = addressesOf(name);
        if (addresses.isEmpty()) {
            return name + " does not resolve (no A or AAAA record), and Certflow manages no DNS zone of it for dns-01";
        }
        for (InetAddress address : addresses) {
            String problem = probe.problemReaching(name, address, httpPort, timeout);
            if (problem != null) {
                return problem + "; the CA would fail the http-01 challenge of " + name;
            }
        }
        return null;
    }

    private List<InetAddress> addressesOf(String name) {
        List<InetAddress> addresses = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            for (Record record : dns.resolve(name, type).records()) {
                if (addresses.size() < MAX_ADDRESSES && record instanceof ARecord a) {
                    addresses.add(a.getAddress());
                } else if (addresses.size() < MAX_ADDRESSES && record instanceof AAAARecord aaaa) {
                    addresses.add(aaaa.getAddress());
                }
            }
        }
        return addresses;
    }
}

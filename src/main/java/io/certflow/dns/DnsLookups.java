package io.certflow.dns;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;

/** The lookups dns-01 and the CAA preflight share: CNAME delegation and what a zone's servers answer. */
@Component
public class DnsLookups {

    /** More hops than any sane delegation, few enough to stop a loop early. */
    static final int MAX_CNAME_HOPS = 8;

    private final DnsClient dns;

    public DnsLookups(DnsClient dns) {
        this.dns = dns;
    }

    /**
     * Where a record for {@code name} really lives: the end of its CNAME chain (delegated
     * validation points _acme-challenge.<name> into a zone made for it), or the name itself.
     */
    public String followCnames(String name) {
        String current = canonical(name);
        Set<String> seen = new HashSet<>();
        while (seen.add(current)) {
            if (seen.size() > MAX_CNAME_HOPS) {
                throw new BusinessFailure(FailureReason.VALIDATION_FAILED,
                        "The CNAME chain from " + name + " is longer than " + MAX_CNAME_HOPS + " hops");
            }
            String target = cnameOf(current);
            if (target == null) {
                return current;
            }
            current = target;
        }
        throw new BusinessFailure(FailureReason.VALIDATION_FAILED, "The CNAME chain from " + name + " loops at " + current);
    }

    /**
     * True when every name server of the zone answers {@code name}/{@code type} with a record
     * that {@code wanted} accepts: only then will the CA's resolver, whichever server it asks, see it.
     */
    public boolean visibleEverywhere(DnsZone zone, String name, int type, Predicate<Record> wanted) {
        for (InetSocketAddress server : nameServers(zone)) {
            List<Record> records = dns.query(server, name, type).records();
            if (records.stream().filter(record -> record.getType() == type).noneMatch(wanted)) {
                return false;
            }
        }
        return true;
    }

    /** The zone's NS hosts as addresses; the primary when the NS set cannot be resolved (a hidden setup). */
    List<InetSocketAddress> nameServers(DnsZone zone) {
        InetSocketAddress primary = new InetSocketAddress(zone.primaryHost(), zone.primaryPort());
        List<InetSocketAddress> servers = new ArrayList<>();
        for (Record record : dns.query(primary, zone.zone(), Type.NS).records()) {
            if (record instanceof NSRecord ns) {
                String host = canonical(ns.getTarget().toString());
                for (Record address : addressesOf(host)) {
                    String ip = address instanceof ARecord a ? a.getAddress().getHostAddress()
                            : ((AAAARecord) address).getAddress().getHostAddress();
                    servers.add(dns.nameServer(ip));
                }
            }
        }
        return servers.isEmpty() ? List.of(primary) : servers;
    }

    private List<Record> addressesOf(String host) {
        List<Record> addresses = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            dns.resolve(host, type).records().stream()
                    .filter(record -> record instanceof ARecord || record instanceof AAAARecord)
                    .forEach(addresses::add);
        }
        return addresses;
    }

    private String cnameOf(String name) {
        for (Record record : dns.resolve(name, Type.CNAME).records()) {
            if (record instanceof CNAMERecord cname && canonical(record.getName().toString()).equals(name)) {
                return canonical(cname.getTarget().toString());
            }
        }
        return null;
    }

    /** An owner name as DNS compares it: lower case, without the root's trailing dot. */
    static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}

package io.certflow.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Update;

import io.certflow.config.CertflowProperties;
import io.certflow.crypto.KeyProtection;
import io.certflow.error.TransientFault;

/**
 * Queries and RFC 2136 updates with dnsjava. Every fault of a DNS server (no answer, SERVFAIL,
 * REFUSED, a rejected TSIG signature) is a {@link TransientFault}: the engine retries the step and
 * raises an incident when the retries run out, so a request is never lost to a DNS outage.
 * Lookups go to the server directly, never through a cache: a cached "no record" would hide a
 * record that was just added.
 */
@Component
public class DnsClient {

    private final InetSocketAddress resolver;
    private final int authoritativePort;
    private final Duration timeout;
    private final KeyProtection keyProtection;

    public DnsClient(CertflowProperties properties, KeyProtection keyProtection) {
        this.resolver = properties.dns().resolver() == null || properties.dns().resolver().isBlank()
                ? ResolverConfig.getCurrentConfig().server()
                : HostPort.parse(properties.dns().resolver(), 53).toAddress();
        this.authoritativePort = properties.dns().authoritativePort();
        this.timeout = properties.dns().timeout();
        this.keyProtection = keyProtection;
    }

    /** The answer records of {@code type} for {@code name}, asked of the recursive resolver. */
    public Answer resolve(String name, int type) {
        return query(resolver, name, type);
    }

    /** Asks one server (a zone's name server or primary) directly. */
    public Answer query(InetSocketAddress server, String name, int type) {
        Message response = send(server, Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)), null, false,
                "look up " + name + " " + org.xbill.DNS.Type.string(type));
        return new Answer(response.getRcode(), response.getSection(Section.ANSWER));
    }

    /** A zone's name server, on the port name servers answer on. */
    public InetSocketAddress nameServer(String host) {
        return new InetSocketAddress(host, authoritativePort);
    }

    /** Sends a TSIG-signed dynamic update to the zone's primary; anything but NOERROR is a fault. */
    public void update(DnsZone zone, Update update, String what) {
        TSIG key = new TSIG(TSIG.algorithmToName(zone.tsigAlgorithm()), zone.tsigKeyName(),
                new String(keyProtection.decrypt(zone.tsigSecretEnc(), DnsZoneService.TSIG_PURPOSE), java.nio.charset.StandardCharsets.US_ASCII));
        InetSocketAddress primary = new InetSocketAddress(zone.primaryHost(), zone.primaryPort());
        Message response = send(primary, update, key, true, what);
        if (response.getRcode() != Rcode.NOERROR) {
            throw new TransientFault("The DNS server " + zone.primaryHost() + ":" + zone.primaryPort() + " did not "
                    + what + ": " + describeRcode(response), null);
        }
    }

    private Message send(InetSocketAddress server, Message message, TSIG key, boolean tcp, String what) {
        SimpleResolver simple = new SimpleResolver(server);
        simple.setTimeout(timeout);
        simple.setTCP(tcp);
        if (key != null) {
            simple.setTSIGKey(key);
        }
        Message response;
        try {
            response = simple.send(message);
        } catch (IOException e) {
            throw new TransientFault("The DNS server " + server.getHostString() + ":" + server.getPort() + " did not answer ("
                    + what + "): " + e.getMessage(), e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED || rcode == Rcode.NOTAUTH) {
            throw new TransientFault("The DNS server " + server.getHostString() + ":" + server.getPort() + " would not "
                    + what + ": " + describeRcode(response), null);
        }
        return response;
    }

    /** "NOTAUTH (TSIG BADSIG)": the rcode, and the TSIG error that explains a NOTAUTH. */
    static String describeRcode(Message response) {
        String text = Rcode.string(response.getRcode());
        TSIGRecord tsig = response.getTSIG();
        if (tsig != null && tsig.getError() != Rcode.NOERROR) {
            text += " (TSIG " + Rcode.TSIGstring(tsig.getError()) + ": check the key name, algorithm and secret)";
        } else if (response.getRcode() == Rcode.NOTAUTH) {
            text += " (the server is not authoritative for the zone, or does not accept this TSIG key)";
        } else if (response.getRcode() == Rcode.REFUSED) {
            text += " (the server does not allow this update or query)";
        }
        return text;
    }

    /** "example.test" (or "example.test.") as dnsjava's absolute name. */
    public static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Not a DNS name: " + name, e);
        }
    }

    /** A server's answer: its rcode and the answer section's records (possibly of other types, e.g. a CNAME). */
    public record Answer(int rcode, List<Record> records) {

        public boolean nameExists() {
            return rcode != Rcode.NXDOMAIN;
        }
    }
}

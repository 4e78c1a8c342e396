package io.certflow.autossl.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import io.certflow.certificate.ValidationMethod;
import io.certflow.dns.DnsClient;
import io.certflow.dns.DnsZone;
import io.certflow.dns.DnsZoneService;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerType;
import io.certflow.validation.caa.CaaPreflight;
import io.certflow.validation.http01.Http01Probe;

class NamePreflightTest {

    private static final String TENANT = "hosting";
    private static final int PORT = 80;

    private final DnsClient dns = mock(DnsClient.class);
    private final DnsZoneService zones = mock(DnsZoneService.class);
    private final Http01Probe probe = mock(Http01Probe.class);
    private final CaaPreflight caa = mock(CaaPreflight.class);
    private final NamePreflight preflight = new NamePreflight(dns, zones, probe, caa, PORT, Duration.ofSeconds(1));
    private final Issuer acme = issuer(IssuerType.ACME);

    private static Issuer issuer(IssuerType type) {
        return new Issuer(UUID.randomUUID(), TENANT, "le", type, "https://ca.test/dir", null, null, null, null, null, null, null, null, null,
                null, null, Instant.now(), null, false, null);
    }

    @BeforeEach
    void nothingResolvesAndNoZoneIsManaged() {
        when(zones.closestZone(any(), any())).thenReturn(Optional.empty());
        when(dns.resolve(any(), anyInt())).thenReturn(new DnsClient.Answer(Rcode.NXDOMAIN, List.of()));
    }

    private void resolves(String name, String address) throws Exception {
        when(dns.resolve(name, Type.A)).thenReturn(new DnsClient.Answer(Rcode.NOERROR,
                List.of(new ARecord(Name.fromString(name + "."), DClass.IN, 300, InetAddress.getByName(address)))));
    }

    @Test
    void aNameThatResolvesAndWhoseProbeReachesCertflowIsProvenWithHttp01() throws Exception {
        resolves("www.example.test", "192.0.2.10");

        NamePreflight.Outcome outcome = preflight.check(TENANT, "www.example.test", acme);

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.method()).isEqualTo(ValidationMethod.HTTP_01);
        verify(probe).problemReaching("www.example.test", InetAddress.getByName("192.0.2.10"), PORT, Duration.ofSeconds(1));
    }

    @Test
    void aNameThatDoesNotResolveIsDeferredSayingSo() {
        NamePreflight.Outcome outcome = preflight.check(TENANT, "gone.example.test", acme);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.deferral()).isEqualTo("gone.example.test does not resolve (no A or AAAA record), and Certflow manages no DNS zone"
                + " of it for dns-01");
    }

    @Test
    void aNameWhoseProbeFailsIsDeferredWithTheProbesWords() throws Exception {
        resolves("mail.example.test", "192.0.2.20");
        when(probe.problemReaching(eq("mail.example.test"), any(), anyInt(), any())).thenReturn("the http-01 probe through 192.0.2.20 port 80"
                + " was refused (nothing listens there)");

        NamePreflight.Outcome outcome = preflight.check(TENANT, "mail.example.test", acme);

        assertThat(outcome.deferral()).startsWith("the http-01 probe through 192.0.2.20 port 80 was refused")
                .endsWith("the CA would fail the http-01 challenge of mail.example.test");
    }

    @Test
    void aNameInAZoneCertflowManagesIsProvenWithDns01WithoutAProbe() {
        when(zones.closestZone(TENANT, "internal.example.test")).thenReturn(Optional.of(mock(DnsZone.class)));

        NamePreflight.Outcome outcome = preflight.check(TENANT, "internal.example.test", acme);

        assertThat(outcome.method()).isEqualTo(ValidationMethod.DNS_01);
        verify(probe, never()).problemReaching(any(), any(), anyInt(), any());
    }

    @Test
    void aNameCaaForbidsTheProviderIsDeferredWithTheReason() throws Exception {
        resolves("shop.example.test", "192.0.2.30");
        when(caa.problemFor(TENANT, "shop.example.test", acme)).thenReturn("CAA forbids le to issue for shop.example.test");

        assertThat(preflight.check(TENANT, "shop.example.test", acme).deferral()).isEqualTo("CAA forbids le to issue for shop.example.test");
    }

    @Test
    void aPrivateCaValidatesNothingSoEveryNamePasses() {
        NamePreflight.Outcome outcome = preflight.check(TENANT, "gone.example.test", issuer(IssuerType.PRIVATE_CA));

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.method()).isEqualTo(ValidationMethod.NONE);
    }
}

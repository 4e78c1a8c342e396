package io.certflow.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** Proves the DNS part of the harness: a real BIND that serves zones and takes (only) properly signed updates. */
class BindHarnessIT {

    private static final String UPDATABLE = "dns01.certflow.test";
    private static final String STATIC = "static.certflow.test";

    private static BindServer bind;

    @BeforeAll
    static void start() {
        bind = BindServer.start(List.of(
                new BindServer.Zone(UPDATABLE, "www IN A 127.0.0.1\n", true),
                new BindServer.Zone(STATIC, "www IN A 127.0.0.2\n@ IN CAA 0 issue \"other-ca.example\"\n", false)));
    }

    @AfterAll
    static void stop() {
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void answersTheConfiguredRecordsAuthoritatively() {
        assertThat(bind.address()).isEqualTo("127.0.0.1:" + bind.port());
        assertThat(bind.query("www." + UPDATABLE, Type.A)).containsExactly("127.0.0.1");
        assertThat(bind.query("www." + STATIC, Type.A)).containsExactly("127.0.0.2");
        assertThat(bind.query(STATIC, Type.CAA)).containsExactly("0 issue \"other-ca.example\"");
        assertThat(bind.query("ns1." + STATIC, Type.A)).as("added by BindServer").containsExactly("127.0.0.1");
        assertThat(bind.query("nothing-here." + UPDATABLE, Type.A)).as("NXDOMAIN").isEmpty();
        assertThat(bind.query("www." + UPDATABLE, Type.TXT)).as("NODATA").isEmpty();
    }

    @Test
    void signedUpdateAddsAndDeletesATxtRecord() throws Exception {
        Name name = Name.fromString("_acme-challenge.add." + UPDATABLE + ".");
        TXTRecord txt = new TXTRecord(name, DClass.IN, 5, "token-value-1");

        Update add = new Update(Name.fromString(UPDATABLE + "."));
        add.add(txt);
        Message added = send(add, bind.tsig());
        assertThat(Rcode.string(added.getRcode())).as("%s%s", added, bind.logTail()).isEqualTo("NOERROR");
        assertThat(bind.query(name.toString(), Type.TXT)).containsExactly("token-value-1");

        Update delete = new Update(Name.fromString(UPDATABLE + "."));
        delete.delete(txt);
        Message deleted = send(delete, bind.tsig());
        assertThat(Rcode.string(deleted.getRcode())).as("%s%s", deleted, bind.logTail()).isEqualTo("NOERROR");
        assertThat(bind.query(name.toString(), Type.TXT)).isEmpty();
    }

    @Test
    void updateSignedWithAnotherSecretIsRejectedAndChangesNothing() throws Exception {
        Name name = Name.fromString("_acme-challenge.forged." + UPDATABLE + ".");
        byte[] otherSecret = new byte[32];
        new SecureRandom().nextBytes(otherSecret);
        TSIG forged = new TSIG(TSIG.HMAC_SHA256, bind.tsigKeyName(), Base64.getEncoder().encodeToString(otherSecret));

        Update add = new Update(Name.fromString(UPDATABLE + "."));
        add.add(new TXTRecord(name, DClass.IN, 5, "forged"));
        Message response = send(add, forged);

        assertThat(Rcode.string(response.getRcode())).as("%s", response).isEqualTo("NOTAUTH");
        assertThat(bind.query(name.toString(), Type.TXT)).isEmpty();
    }

    @Test
    void unsignedUpdateIsRefused() throws Exception {
        Name name = Name.fromString("_acme-challenge.unsigned." + UPDATABLE + ".");
        Update add = new Update(Name.fromString(UPDATABLE + "."));
        add.add(new TXTRecord(name, DClass.IN, 5, "unsigned"));

        Message response = send(add, null);

        assertThat(Rcode.string(response.getRcode())).as("%s", response).isEqualTo("REFUSED");
        assertThat(bind.query(name.toString(), Type.TXT)).isEmpty();
    }

    @Test
    void signedUpdateToAZoneWithoutUpdatesIsRefused() throws Exception {
        Name name = Name.fromString("_acme-challenge." + STATIC + ".");
        Update add = new Update(Name.fromString(STATIC + "."));
        add.add(new TXTRecord(name, DClass.IN, 5, "not-allowed"));

        Message response = send(add, bind.tsig());

        assertThat(Rcode.string(response.getRcode())).as("%s", response).isEqualTo("REFUSED");
        assertThat(bind.query(name.toString(), Type.TXT)).isEmpty();
        assertThat(bind.query(STATIC, Type.CAA)).containsExactly("0 issue \"other-ca.example\"");
    }

    @Test
    void pebbleStartsResolvingThroughBindWithoutChallTestSrv() throws Exception {
        int http01Port;
        try (ServerSocket s = new ServerSocket(0)) {
            http01Port = s.getLocalPort();
        }
        try (PebbleServer pebble = PebbleServer.builder().http01Port(http01Port).dnsServer(bind.address()).start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(pebble.sslContext()).build();
            HttpResponse<String> dir = client.send(HttpRequest.newBuilder(URI.create(pebble.directoryUrl()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(dir.statusCode()).isEqualTo(200);
            assertThat(dir.body()).contains("\"newOrder\"");
            assertThat(pebble.dnsServer()).isEqualTo(bind.address());
            assertThat(pebble.workDir().resolve("pebble.log.cmd")).content().contains("-dnsserver " + bind.address());
            assertThat(pebble.workDir().resolve("challtestsrv.log")).doesNotExist();
            assertThatThrownBy(pebble::dnsPort).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(pebble::challTestSrvManagementUrl).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Over TCP, as RFC 2136 clients usually do; {@code key == null} sends the update unsigned. */
    private static Message send(Update update, TSIG key) throws Exception {
        SimpleResolver resolver = bind.resolver();
        resolver.setTCP(true);
        if (key != null) {
            resolver.setTSIGKey(key);
        }
        return resolver.send(update);
    }
}

package io.certflow.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

import com.sun.net.httpserver.HttpServer;

/** Proves the integration-test harness itself: a real Pebble that issues, and a fresh PostgreSQL database. */
class HarnessSelfIT {

    private static final Map<String, String> HTTP01_TOKENS = new ConcurrentHashMap<>();
    private static HttpServer http01Responder;
    private static PebbleServer pebble;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws IOException {
        int http01Port;
        try (ServerSocket s = new ServerSocket(0)) {
            http01Port = s.getLocalPort();
        }
        // Stands in for Certflow's own http-01 responder.
        http01Responder = HttpServer.create(new InetSocketAddress("127.0.0.1", http01Port), 0);
        http01Responder.createContext("/.well-known/acme-challenge/", exchange -> {
            String token = exchange.getRequestURI().getPath().replace("/.well-known/acme-challenge/", "");
            String answer = HTTP01_TOKENS.get(token);
            byte[] body = (answer == null ? "unknown token" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http01Responder.start();
        pebble = PebbleServer.builder().http01Port(http01Port).neverRejectNonces().start();
        postgres = PostgresServer.fromEnvironment();
    }

    @AfterAll
    static void stop() {
        if (pebble != null) {
            pebble.close();
        }
        if (http01Responder != null) {
            http01Responder.stop(0);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void pebbleDirectoryAnswersOverHttpsTrustingTheGeneratedMinica() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(pebble.sslContext()).build();
        HttpResponse<String> dir = client.send(HttpRequest.newBuilder(URI.create(pebble.directoryUrl())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(pebble.directoryUrl()).startsWith("https://127.0.0.1:").endsWith("/dir");
        assertThat(dir.statusCode()).isEqualTo(200);
        assertThat(dir.body()).contains("\"newOrder\"", "\"newAccount\"", "\"newNonce\"");
        assertThat(pebble.trustAnchorPem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void issuingRootIsAnX509CaCertificate() {
        List<X509Certificate> roots = PebbleServer.parseCertificates(pebble.issuingRootsPem());
        List<X509Certificate> intermediates = PebbleServer.parseCertificates(pebble.issuingIntermediatePem());

        assertThat(roots).hasSize(1);
        X509Certificate root = roots.get(0);
        assertThat(root.getBasicConstraints()).as("root is a CA").isGreaterThanOrEqualTo(0);
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        assertThat(intermediates).hasSize(1);
        assertThat(intermediates.get(0).getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(root).as("Pebble's issuing root is not the TLS minica").isNotEqualTo(pebble.trustAnchorCertificate());
    }

    /** The whole path the process tests rely on: DNS via challtestsrv to 127.0.0.1, http-01 on our port, issuance. */
    @Test
    void issuesACertificateViaHttp01ThatChainsToTheIssuingRoot() throws Exception {
        Session session = new Session(URI.create(pebble.directoryUrl()), trusting(pebble.sslContext()));
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(ecKeyPair())
                .create(session);
        Order order = account.newOrder().domain("harness-selftest.certflow.test").create();
        for (Authorization auth : order.getAuthorizations()) {
            if (auth.getStatus() != Status.VALID) {
                Http01Challenge challenge = auth.findChallenge(Http01Challenge.class).orElseThrow();
                HTTP01_TOKENS.put(challenge.getToken(), challenge.getAuthorization());
                challenge.trigger();
                assertThat(auth.waitForCompletion(Duration.ofSeconds(30)))
                        .as("authorization (%s)%s", challenge.getError(), pebble.logTail()).isEqualTo(Status.VALID);
            }
        }
        KeyPair domainKey = ecKeyPair();
        order.waitUntilReady(Duration.ofSeconds(30));
        order.execute(domainKey);
        assertThat(order.waitForCompletion(Duration.ofSeconds(30))).isEqualTo(Status.VALID);

        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        X509Certificate root = PebbleServer.parseCertificates(pebble.issuingRootsPem()).get(0);
        X509Certificate last = chain.get(chain.size() - 1);
        assertThat(chain.get(0).getSubjectAlternativeNames()).anySatisfy(
                san -> assertThat(san.get(1)).isEqualTo("harness-selftest.certflow.test"));
        last.verify(root.getPublicKey()); // throws if the chain does not end under the management API's root
    }

    @Test
    void postgresCreatesAFreshDatabaseThatAnswers() throws Exception {
        PostgresServer.Database db = postgres.createDatabase("harness_self");

        assertThat(db.name()).startsWith("harness_self_");
        assertThat(db.jdbcUrl()).endsWith("/" + db.name());
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            try (ResultSet tables = s.executeQuery(
                    "select count(*) from information_schema.tables where table_schema = 'public'")) {
                tables.next();
                assertThat(tables.getInt(1)).as("fresh database is empty").isZero();
            }
        }
        postgres.dropDatabase(db);
    }

    /** Plain JCA (acme4j's KeyPairUtils wants the BC provider registered). */
    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        return kpg.generateKeyPair();
    }

    /** acme4j provider for plain https:// directory URLs that trusts the given context (Pebble's minica). */
    private static GenericAcmeProvider trusting(SSLContext ssl) {
        return new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings settings) {
                return new HttpConnector(settings) {
                    @Override
                    public HttpClient.Builder createClientBuilder() {
                        return super.createClientBuilder().sslContext(ssl);
                    }
                };
            }
        };
    }
}

package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import com.sun.net.httpserver.HttpServer;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.LoopbackHttpsServer;

/**
 * Creating an ACME issuer makes Certflow fetch a URL that a tenant's user chose. Whatever that URL
 * answers (nothing, too much, something that is not a directory), the answer is a 400 problem that
 * names the field and quotes nothing it fetched, nothing is stored, and nothing is left running.
 */
class AcmeIssuerInputIT extends CertflowIT {

    /** Put into every hostile answer: it must never come back through Certflow. */
    private static final String MARKER = "secret-marker-123";

    @Autowired
    JdbcTemplate jdbc;
    @Value("${certflow.acme.directory-check-timeout}")
    Duration directoryCheckTimeout;

    ApiClient admin;
    LoopbackHttpsServer ca;
    LoopbackHttpsServer.Silent silent;
    HttpServer plainHttp;
    final AtomicInteger plainHttpRequests = new AtomicInteger();

    @BeforeAll
    void servers() throws IOException {
        admin = admin();
        ca = new LoopbackHttpsServer()
                .serveDirectory("/dir", "{\"termsOfService\":\"https://ca.example/terms-v1\",\"caaIdentities\":[\"ca.example\"]}")
                .serveDirectory("/dir-long-terms", "{\"termsOfService\":\"https://ca.example/" + "t".repeat(600) + "\"}")
                .serveDirectory("/dir-with-eab", "{\"externalAccountRequired\":true}")
                .serveDirectory("/dir-without-terms", null)
                .serve("/array", 200, "application/json", json("[\"" + MARKER + "\",{\"password\":\"" + MARKER + "\"}]"))
                .serve("/string", 200, "application/json", json("\"" + MARKER + "\""))
                .serve("/number", 200, "application/json", json("123"))
                .serve("/empty-object", 200, "application/json", json("{}"))
                .serve("/partial", 200, "application/json", json("{\"newNonce\":\"https://127.0.0.1/n\",\"newAccount\":\"https://127.0.0.1/a\","
                        + "\"password\":\"" + MARKER + "\"}"))
                .serve("/relative-urls", 200, "application/json", json("{\"newNonce\":\"/nonce\",\"newAccount\":\"/acct\","
                        + "\"newOrder\":\"/" + MARKER + "\"}"))
                .serve("/http-urls", 200, "application/json", json("{\"newNonce\":\"http://127.0.0.1/n\",\"newAccount\":\"http://127.0.0.1/a\","
                        + "\"newOrder\":\"http://127.0.0.1/" + MARKER + "\"}"))
                .serve("/not-json", 200, "application/json", json("{\"newNonce\": " + MARKER))
                .serve("/html", 200, "text/html", json("<html><body>" + MARKER + "</body></html>"))
                .serve("/error", 500, "application/" + MARKER + "+json", json("{\"detail\":\"" + MARKER + "\"}"))
                .serve("/huge", 200, "application/json", json("[\"" + (MARKER + " ").repeat(20_000) + "\"]"))
                .redirect("/redirect", "https://127.0.0.1/" + MARKER)
                .stallAfterHeaders("/stall", 1000);
        silent = new LoopbackHttpsServer.Silent();
        plainHttp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plainHttp.createContext("/", exchange -> {
            plainHttpRequests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        plainHttp.start();
    }

    @AfterAll
    void stopServers() throws IOException {
        ca.close();
        silent.close();
        plainHttp.stop(0);
    }

    @Test
    void fiftyRefusedAcmeIssuersLeaveNoThreadBehind() throws IOException {
        String closedPort = "https://127.0.0.1:" + closedPort() + "/dir";
        LoopbackHttpsServer strangers = new LoopbackHttpsServer().serveDirectory("/dir", null);
        List<Map<String, Object>> refused = List.of(
                acmeIssuer(closedPort, null),
                acmeIssuer(strangers.url("/dir"), ca.trustAnchorPem()),
                acmeIssuer(ca.url("/array"), ca.trustAnchorPem()));
        try {
            // Anything started once on first use (the web server's threads, a timer) is there before counting.
            refused.forEach(this::assertRefused);
            int before = liveThreads();
            long selectorsBefore = selectorThreads();

            for (int i = 0; i < 50; i++) {
                assertRefused(refused.get(i % refused.size()));
            }

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(selectorThreads()).as("HTTP client selector threads").isLessThanOrEqualTo(selectorsBefore);
                assertThat(liveThreads()).as("live threads, " + before + " before 50 refused issuers").isLessThanOrEqualTo(before + 5);
            });
        } finally {
            strangers.close();
        }
    }

    @Test
    void aDirectoryUrlThatIsNotHttpsIsRefusedWithoutBeingFetched() {
        int fetchesBefore = plainHttpRequests.get();
        ApiClient.Response response = create(acmeIssuer("http://127.0.0.1:" + plainHttp.getAddress().getPort() + "/dir", null));

        assertProblem(response, "directoryUrl: must be an https URL");
        assertThat(plainHttpRequests.get()).as("requests that reached the http server").isEqualTo(fetchesBefore);
    }

    static List<Arguments> malformedDirectoryUrls() {
        return List.of(
                Arguments.of("ftp://127.0.0.1/dir", "directoryUrl: must be an https URL"),
                Arguments.of("/dir", "directoryUrl: must be an absolute https URL"),
                Arguments.of("https:///dir", "directoryUrl: must name a host"),
                Arguments.of("https://user:" + MARKER + "@127.0.0.1/dir", "directoryUrl: must not carry a user name or password"),
                Arguments.of("https://127.0.0.1/dir#fragment", "directoryUrl: must not have a fragment"),
                Arguments.of("https://127.0.0.1/a b", "directoryUrl: not a URL"),
                Arguments.of("", "directoryUrl: the URL of the CA's ACME directory is required"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("malformedDirectoryUrls")
    void aMalformedDirectoryUrlIsRefusedInWords(String url, String expected) {
        assertProblem(create(acmeIssuer(url, null)), expected);
    }

    static List<Arguments> answersThatAreNotDirectories() {
        String notADirectory = "directoryUrl: the URL did not answer with an ACME directory";
        return List.of(
                Arguments.of("/array", notADirectory + " (HTTP 200, application/json, but not a JSON object)"),
                Arguments.of("/string", notADirectory + " (HTTP 200, application/json, but not a JSON object)"),
                Arguments.of("/number", notADirectory + " (HTTP 200, application/json, but not a JSON object)"),
                Arguments.of("/empty-object", notADirectory + " (HTTP 200, application/json, but no newNonce, newAccount and newOrder"),
                Arguments.of("/partial", notADirectory + " (HTTP 200, application/json, but no newNonce, newAccount and newOrder"),
                Arguments.of("/relative-urls", notADirectory + " (HTTP 200, application/json, but no newNonce, newAccount and newOrder"),
                Arguments.of("/http-urls", notADirectory + " (HTTP 200, application/json, but no newNonce, newAccount and newOrder"),
                Arguments.of("/not-json", notADirectory + " (HTTP 200, application/json, but not valid JSON)"),
                Arguments.of("/html", notADirectory + " (HTTP 200, text/html"),
                Arguments.of("/error", notADirectory + " (HTTP 500"),
                Arguments.of("/redirect", "directoryUrl: the URL answered with a redirect (HTTP 302)"),
                Arguments.of("/huge", "directoryUrl: the answer is larger than 64 KiB"),
                Arguments.of("/dir-long-terms", "directoryUrl: the directory's meta.termsOfService is not an https, http or data URL of at most 500 characters"),
                Arguments.of("/dir-with-eab", "externalAccountBinding: the CA requires External Account Binding"),
                Arguments.of("/no-such-path", notADirectory + " (HTTP 404"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answersThatAreNotDirectories")
    void anAnswerThatIsNotAnAcmeDirectoryIsRefusedWithoutQuotingIt(String path, String expected) {
        long issuersBefore = issuerRows();

        ApiClient.Response response = create(acmeIssuer(ca.url(path), ca.trustAnchorPem()));

        assertProblem(response, expected);
        assertThat(issuerRows()).as("issuers stored").isEqualTo(issuersBefore);
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRefusedNamingTheTrustAnchor() {
        ApiClient.Response untrusted = create(acmeIssuer(ca.url("/dir"), null));
        assertProblem(untrusted, "trustAnchorPem");
        assertProblem(untrusted, "is not trusted");

        ApiClient.Response otherAnchor = create(acmeIssuer(ca.url("/dir"), LoopbackHttpsServer.TestCa.generate().pem()));
        assertProblem(otherAnchor, "trustAnchorPem");
    }

    @Test
    void aClosedPortIsRefusedInWords() throws IOException {
        assertProblem(create(acmeIssuer("https://127.0.0.1:" + closedPort() + "/dir", null)),
                "directoryUrl: cannot read the ACME directory: nothing accepts connections at that host and port");
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpWithinTheBound() {
        for (String url : List.of(silent.url("https", "/dir"), ca.url("/stall"))) {
            long start = System.nanoTime();
            ApiClient.Response response = create(acmeIssuer(url, ca.trustAnchorPem()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertProblem(response, "directoryUrl: cannot read the ACME directory: no complete answer within "
                    + directoryCheckTimeout.toSeconds() + " seconds");
            assertThat(took).as(url).isLessThan(directoryCheckTimeout.plusSeconds(3));
        }
    }

    @Test
    void aDirectoryFromAPrivateCaCreatesTheIssuerWithItsTermsAndCaaIdentity() {
        String name = "private-acme-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = acmeIssuer(ca.url("/dir"), ca.trustAnchorPem());
        body.put("name", name);
        body.put("contactEmail", "pki-team@example.test");

        ApiClient.Response created = create(body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("termsRequiredUrl").asText()).isEqualTo("https://ca.example/terms-v1");
        assertThat(created.json().path("termsAgreedUrl").asText()).isEqualTo("https://ca.example/terms-v1");
        assertThat(created.json().path("caaIdentity").asText()).isEqualTo("ca.example");
        assertThat(created.json().path("hasTrustAnchor").asBoolean()).isTrue();
    }

    @Test
    void termsAcceptedForACaThatNamesNoneMustBeAShortUrl() {
        Map<String, Object> body = acmeIssuer(ca.url("/dir-without-terms"), ca.trustAnchorPem());
        body.put("termsOfServiceAgreed", false);
        ApiClient.Response created = create(body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String terms = "/api/issuers/" + created.json().path("id").asText() + "/terms";

        assertProblem(admin.post(terms, Map.of("accepted", true, "termsUrl", "https://ca.example/" + "t".repeat(600))),
                "termsUrl: at most 500 characters");
        for (String termsUrl : List.of("javascript:alert(1)", "not a url")) {
            assertProblem(admin.post(terms, Map.of("accepted", true, "termsUrl", termsUrl)),
                    "termsUrl: the terms URL as the CA gives it (https, http or data), at most 500 characters");
        }
        assertThat(admin.get("/api/issuers/" + created.json().path("id").asText()).json().path("termsAgreedUrl").isMissingNode())
                .as("no terms recorded").isTrue();
    }

    static List<Arguments> overLongFields() {
        String anchor = LoopbackHttpsServer.TestCa.generate().pem();
        return List.of(
                Arguments.of("name", Map.of("name", "n".repeat(101)), "name: at most 100 characters"),
                Arguments.of("directoryUrl", Map.of("directoryUrl", "https://127.0.0.1/dir?" + "a".repeat(600)),
                        "directoryUrl: at most 500 characters"),
                Arguments.of("contactEmail", Map.of("contactEmail", "a".repeat(60) + "@" + "b".repeat(245) + ".test"),
                        "contactEmail: at most 254 characters"),
                Arguments.of("EAB keyId", Map.of("externalAccountBinding", Map.of("keyId", "k".repeat(300), "hmacKey", "c2VjcmV0")),
                        "externalAccountBinding.keyId: at most 200 characters"),
                Arguments.of("EAB hmacKey", Map.of("externalAccountBinding", Map.of("keyId", "kid-1", "hmacKey", "A".repeat(600))),
                        "externalAccountBinding.hmacKey: at most 512 characters"),
                Arguments.of("caaIdentity", Map.of("caaIdentity", ("c".repeat(60) + ".").repeat(5) + "test"),
                        "caaIdentity: a domain name has at most 253 characters"),
                Arguments.of("trustAnchorPem", Map.of("trustAnchorPem", anchor.repeat(200)), "trustAnchorPem: at most 65536 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overLongFields")
    void anOverLongFieldIsRefusedNamingItsLimitBeforeAnythingIsFetchedOrStored(String what, Map<String, Object> field, String expected) {
        Map<String, Object> body = acmeIssuer(ca.url("/dir"), ca.trustAnchorPem());
        body.putAll(field);
        int fetchesBefore = ca.requests();
        long issuersBefore = issuerRows();

        ApiClient.Response response = create(body);

        assertProblem(response, expected);
        assertThat(ca.requests()).as("requests that reached the CA").isEqualTo(fetchesBefore);
        assertThat(issuerRows()).as("issuers stored").isEqualTo(issuersBefore);
    }

    static List<Arguments> badContactEmails() {
        return List.of(
                Arguments.of("mailto:pki@example.test"),
                Arguments.of("pki@example.test,other@example.test"),
                Arguments.of("pki@example.test?cc=other@example.test"),
                Arguments.of("pki%40other.test@example.test"),
                Arguments.of("two words@example.test"),
                Arguments.of("pki@example.test\nBcc: other@example.test"),
                Arguments.of(".pki@example.test"),
                Arguments.of("pki@-example.test"),
                Arguments.of("pki@example"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badContactEmails")
    void aContactEmailIsOneAddressAndNothingElse(String email) {
        Map<String, Object> body = acmeIssuer(ca.url("/dir"), ca.trustAnchorPem());
        body.put("contactEmail", email);
        int fetchesBefore = ca.requests();

        assertProblem(create(body), "contactEmail: one email address such as pki@example.com");
        assertThat(ca.requests()).as("requests that reached the CA").isEqualTo(fetchesBefore);
    }

    @Test
    void anEabKeyThatIsNotBase64UrlIsRefusedWithoutQuotingIt() {
        Map<String, Object> body = acmeIssuer(ca.url("/dir"), ca.trustAnchorPem());
        body.put("externalAccountBinding", Map.of("keyId", "kid-1", "hmacKey", MARKER + "+/=="));

        assertProblem(create(body), "externalAccountBinding.hmacKey: the HMAC key as the CA gave it, in base64url");
    }

    private Map<String, Object> acmeIssuer(String directoryUrl, String trustAnchorPem) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "refused-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("type", "ACME");
        body.put("directoryUrl", directoryUrl);
        body.put("termsOfServiceAgreed", true);
        if (trustAnchorPem != null) {
            body.put("trustAnchorPem", trustAnchorPem);
        }
        return body;
    }

    private ApiClient.Response create(Map<String, Object> body) {
        return admin.post("/api/issuers", body);
    }

    private void assertRefused(Map<String, Object> body) {
        ApiClient.Response response = create(body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
    }

    private static void assertProblem(ApiClient.Response response, String expectedDetail) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains(expectedDetail);
        assertThat(response.body()).as("the answer quotes what the URL answered").doesNotContain(MARKER)
                .doesNotContain("Exception").doesNotContain("java.");
    }

    private long issuerRows() {
        Long count = jdbc.queryForObject("select count(*) from certflow.issuer", Long.class);
        return count == null ? 0 : count;
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("SelectorManager")).count();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

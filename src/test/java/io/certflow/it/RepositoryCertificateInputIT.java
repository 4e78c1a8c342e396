package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.crypto.Pem;
import io.certflow.issuer.privateca.PrivateCaService;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.OpenSsl;
import io.certflow.it.support.RealServers;

/**
 * Every way a certificate is made applies the same name rules and limits: hostile names, subjects
 * and validities sent to a repository CA (and to the private CA through a certificate request) are
 * a 400 problem that names the field and the rule, and nothing is created; valid input gives
 * certificates that openssl reads and verifies with exactly the names, subject and validity asked.
 */
class RepositoryCertificateInputIT extends CertflowIT {

    private static final String LONG_LABEL = "l".repeat(63);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HistoryService historyService;
    @Autowired
    PrivateCaService cas;

    @TempDir
    Path dir;

    ApiClient admin;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    /** Repositories the hostile requests go to, which must stay empty. */
    String privateRepository;
    String compliantRepository;
    /** Repositories the valid requests go to. */
    String issuingPrivateRepository;
    String issuingCompliantRepository;

    @BeforeAll
    void repositories() {
        admin = admin();
        privateRepository = createRepository("hostile-tls-" + suffix, "PRIVATE");
        compliantRepository = createRepository("hostile-signing-" + suffix, "COMPLIANT");
        issuingPrivateRepository = createRepository("tls-" + suffix, "PRIVATE");
        issuingCompliantRepository = createRepository("signing-" + suffix, "COMPLIANT");
    }

    static Stream<Arguments> hostileRepositoryRequests() {
        List<String> hundredAndFifty = IntStream.range(0, 150).mapToObj(i -> "host" + i + ".internal.test").toList();
        List<String> hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "host" + i + ".internal.test").toList();
        return Stream.of(
                hostile("a SAN with a space inside", "PRIVATE", Map.of("sans", List.of("exa mple.internal.test")),
                        "sans: 'exa mple.internal.test' contains a space or other white space (U+0020)"),
                hostile("a SAN with a leading space", "PRIVATE", Map.of("sans", List.of(" app.internal.test")),
                        "sans: ' app.internal.test' contains a space or other white space (U+0020) at position 1"),
                hostile("a SAN ending in NUL", "PRIVATE", Map.of("sans", List.of("app.internal.test\u0000")),
                        "sans: 'app.internal.test\\u0000' contains the control character U+0000 at position 18"),
                hostile("a SAN with a no-break space", "PRIVATE", Map.of("sans", List.of("app\u00A0internal.test")),
                        "white space (U+00A0)"),
                hostile("a SAN with a zero-width space", "PRIVATE", Map.of("sans", List.of("app\u200B.internal.test")),
                        "invisible or unassigned character U+200B"),
                hostile("a SAN of full-width letters", "PRIVATE", Map.of("sans", List.of("ａｐｐ.internal.test")),
                        "give it as 'app.internal.test'"),
                hostile("a SAN whose A-label does not decode", "PRIVATE", Map.of("sans", List.of("xn--zz.internal.test")),
                        "the label 'xn--zz', which is not a valid A-label"),
                hostile("a SAN with a wildcard inside a label", "PRIVATE", Map.of("sans", List.of("a*.internal.test")),
                        "a wildcard must be the whole leftmost label"),
                hostile("a SAN that is an IP address", "PRIVATE", Map.of("sans", List.of("192.0.2.1")), "is an IP address"),
                hostile("an email address in a TLS certificate", "PRIVATE", Map.of("sans", List.of("jane@example.test")),
                        "sans: 'jane@example.test' is an email address; this certificate is for DNS names only"),
                hostile("150 SANs", "PRIVATE", Map.of("sans", hundredAndFifty), "sans: at most 100 names per certificate, got 150"),
                hostile("101 SANs", "PRIVATE", Map.of("sans", hundredAndOne), "sans: at most 100 names per certificate, got 101"),
                hostile("no SANs for a TLS certificate", "PRIVATE", Map.of("subject", "CN=x"),
                        "sans: a PRIVATE certificate needs at least one DNS name"),
                hostile("a number as a SAN", "PRIVATE", Map.of("sans", List.of(123)),
                        "sans[0]: must be text (a JSON string)"),
                hostile("a number as the subject", "PRIVATE", Map.of("sans", List.of("a.internal.test"), "subject", 42),
                        "subject: must be text (a JSON string)"),
                hostile("true as the subject", "PRIVATE", Map.of("sans", List.of("a.internal.test"), "subject", true),
                        "subject: must be text (a JSON string)"),
                hostile("a common name of 100,000 characters", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "CN=" + "x".repeat(100_000)),
                        "subject: 100003 characters; a subject has at most 1024"),
                hostile("a common name of 65 characters", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "CN=" + "x".repeat(65)),
                        "subject: CN is 65 characters long; at most 64 (RFC 5280)"),
                hostile("a NUL that would leave the common name empty", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "CN=\u0000"), "subject: contains the control character U+0000"),
                hostile("an unknown OID in the subject", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "CN=a,1.2.3.4=x"), "subject: the attribute '1.2.3.4' is not allowed"),
                hostile("an OID that cannot be encoded", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "99.99999999999999999999=x"),
                        "subject: the attribute '99.99999999999999999999' is not allowed"),
                hostile("a subject value in hex form", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "CN=#0c0141"), "'#' hex form, which is not supported"),
                hostile("a country that is not a code", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "CN=a,C=Germany"), "subject: C 'Germany' is not a country code"),
                hostile("a multi-valued RDN", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "subject", "CN=a+O=b"), "multi-valued RDN"),
                hostile("a validity of one second", "PRIVATE", Map.of("sans", List.of("a.internal.test"), "validity", "PT1S"),
                        "validity: 'PT1S' is shorter than one day"),
                hostile("a validity of zero days", "PRIVATE", Map.of("sans", List.of("a.internal.test"), "validity", 0),
                        "validity: '0' is shorter than one day"),
                hostile("a validity of 3651 days", "PRIVATE", Map.of("sans", List.of("a.internal.test"), "validity", "3651"),
                        "validity: '3651' is longer than 3650 days"),
                hostile("a validity in years", "PRIVATE", Map.of("sans", List.of("a.internal.test"), "validity", "P1Y"),
                        "validity: 'P1Y' is not a number of days or an ISO-8601 duration"),
                hostile("a fractional number of days", "PRIVATE", Map.of("sans", List.of("a.internal.test"), "validity", 30.5),
                        "validity: a whole number of days or an ISO-8601 duration such as P365D, not a fraction"),
                hostile("a validity beyond the intermediate CA's", "PRIVATE",
                        Map.of("sans", List.of("a.internal.test"), "validity", 3000),
                        "validity: the repository's intermediate CA is valid until"),
                hostile("an email address with a NUL", "COMPLIANT", Map.of("subject", "CN=Jane", "sans", List.of("jane@example.test\u0000")),
                        "sans: 'jane@example.test\\u0000' contains the control character U+0000"),
                hostile("an email address with a space", "COMPLIANT", Map.of("subject", "CN=Jane", "sans", List.of("jane doe@example.test")),
                        "white space (U+0020)"),
                hostile("an email address with non-ASCII letters", "COMPLIANT",
                        Map.of("subject", "CN=Jane", "sans", List.of("jané@example.test")), "non-ASCII character 'é'"),
                hostile("an email address with a quoted local part", "COMPLIANT",
                        Map.of("subject", "CN=Jane", "sans", List.of("\"jane\"@example.test")), "quoted local parts are not supported"),
                hostile("an emailAddress attribute that is no address", "COMPLIANT",
                        Map.of("subject", "CN=Jane,emailAddress=jane"), "subject: emailAddress: 'jane' is not an email address"),
                hostile("neither a subject nor SANs", "COMPLIANT", Map.of(),
                        "subject: a distinguished name such as CN=Jane Doe,O=Example is required when there are no sans"));
    }

    private static Arguments hostile(String what, String dataSource, Map<String, Object> body, String detail) {
        return Arguments.of(what, dataSource, body, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRepositoryRequests")
    void aHostileRepositoryCertificateRequestIsAProblemNamingTheFieldAndCreatesNothing(String what, String dataSource,
                                                                                       Map<String, Object> body, String detail) {
        String repository = dataSource.equals("PRIVATE") ? privateRepository : compliantRepository;
        long certificatesBefore = count("certflow.certificate");

        ApiClient.Response response = admin.post("/api/repositories/" + repository + "/certificates", body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains(detail).doesNotContain("java.", "Exception");
        assertThat(count("certflow.certificate")).as("certificates stored").isEqualTo(certificatesBefore);
        assertThat(admin.get("/api/repositories/" + repository).json().path("certificates")).as("the repository's list").isEmpty();
    }

    static Stream<Arguments> hostileCertificateRequests() {
        return Stream.of(
                Arguments.of("a domain ending in NUL", "{\"domains\":[\"app.internal.test\\u0000\"],\"issuer\":\"local-ca\"}",
                        "domains: 'app.internal.test\\u0000' contains the control character U+0000"),
                Arguments.of("a domain with a trailing space", "{\"domains\":[\"app.internal.test \"],\"issuer\":\"local-ca\"}",
                        "white space (U+0020)"),
                Arguments.of("an A-label that does not decode", "{\"domains\":[\"xn--zz.internal.test\"],\"issuer\":\"local-ca\"}",
                        "not a valid A-label"),
                Arguments.of("a number as a domain", "{\"domains\":[123],\"issuer\":\"local-ca\"}",
                        "domains[0]: must be text (a JSON string)"),
                Arguments.of("a number as the issuer", "{\"domains\":[\"app.internal.test\"],\"issuer\":7}",
                        "issuer: must be text (a JSON string)"),
                Arguments.of("a repository named by a number", null, "name: must be text (a JSON string)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCertificateRequests")
    void theSameRulesRefuseHostileNamesInCertificateRequestsAndStartNothing(String what, String body, String detail) {
        long certificatesBefore = count("certflow.certificate");
        long repositoriesBefore = count("certflow.repository");
        long startedBefore = historyService.createHistoricProcessInstanceQuery().count();

        ApiClient.Response response = body != null ? admin.post("/api/certificates", body)
                : admin.post("/api/repositories", "{\"name\":12345,\"dataSource\":\"UPLOADED\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains(detail);
        assertThat(count("certflow.certificate")).isEqualTo(certificatesBefore);
        assertThat(count("certflow.repository")).isEqualTo(repositoriesBefore);
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).as("process instances ever started")
                .isEqualTo(startedBefore);
    }

    @Test
    void aTlsCertificateHoldsExactlyTheNormalisedNamesSubjectAndValidityAsOpensslReadsThem() throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("subject", "CN=app.internal.test,O=Example\\, Inc.,C=DE");
        body.put("sans", List.of("App.Internal.TEST.", "bücher.internal.test", "*.wild.internal.test", "app.internal.test"));
        body.put("validity", "P30D");
        Instant before = Instant.now();

        OpenSslView certificate = issueAndRead(issuingPrivateRepository, body, "sslserver");

        assertThat(certificate.subject()).isEqualTo("CN=app.internal.test,O=Example\\, Inc.,C=DE");
        assertThat(certificate.subjectAlternativeNames())
                .isEqualTo("DNS:app.internal.test, DNS:xn--bcher-kva.internal.test, DNS:*.wild.internal.test");
        assertThat(certificate.sanCritical()).isFalse();
        assertValidity(certificate, before, Duration.ofDays(30));
    }

    @Test
    void aFirstNameTooLongForACommonNameGivesAnEmptySubjectWithCriticalNamesThatOpensslAccepts() throws Exception {
        String longName = LONG_LABEL + ".internal.test";
        Instant before = Instant.now();

        OpenSslView certificate = issueAndRead(issuingPrivateRepository, Map.of("sans", List.of(longName), "validity", 90), "sslserver");

        assertThat(certificate.subject()).isEmpty();
        assertThat(certificate.subjectAlternativeNames()).isEqualTo("DNS:" + longName);
        assertThat(certificate.sanCritical()).isTrue();
        assertValidity(certificate, before, Duration.ofDays(90));
    }

    @Test
    void aSigningCertificateHoldsTheCanonicalAddressesAndTheUtf8SubjectAsOpensslReadsThem() throws Exception {
        Map<String, Object> body = Map.of("subject", "CN=Jürgen Müller,O=Example,C=DE,emailAddress=Juergen@Example.TEST",
                "sans", List.of("Juergen@Example.TEST", "docs.example.test"), "validity", "PT48H", "keyType", "RSA_2048");
        Instant before = Instant.now();

        OpenSslView certificate = issueAndRead(issuingCompliantRepository, body, "smimesign");

        assertThat(certificate.subject()).isEqualTo("CN=Jürgen Müller,O=Example,C=DE,emailAddress=Juergen@example.test");
        assertThat(certificate.subjectAlternativeNames()).isEqualTo("DNS:docs.example.test, email:Juergen@example.test");
        assertValidity(certificate, before, Duration.ofHours(48));
    }

    @Test
    void thePrivateCaThroughACertificateRequestFollowsTheSameCommonNameRule() throws Exception {
        String longName = LONG_LABEL + ".request-" + suffix + ".internal.test";
        ApiClient.Response accepted = admin.post("/api/certificates", Map.of("domains", List.of(longName), "issuer", "local-ca"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();

        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/certificates/" + id).json().path("status").asText(),
                status -> status.equals("ISSUED") || status.equals("FAILED"));
        assertThat(admin.get("/api/certificates/" + id).json().path("status").asText()).isEqualTo("ISSUED");

        List<X509Certificate> chain = Pem.readCertificates(admin.get("/api/certificates/" + id + "/chain").body());
        Files.writeString(dir.resolve("request-leaf.pem"), Pem.write(chain.get(0)));
        Files.writeString(dir.resolve("request-intermediate.pem"), Pem.write(chain.get(1)));
        OpenSsl openssl = new OpenSsl(dir);
        openssl.run("verify", "-x509_strict", "-partial_chain", "-purpose", "sslserver", "-CAfile", "request-intermediate.pem",
                "request-leaf.pem");
        OpenSslView certificate = OpenSslView.read(openssl, "request-leaf.pem");
        assertThat(certificate.subject()).isEmpty();
        assertThat(certificate.subjectAlternativeNames()).isEqualTo("DNS:" + longName);
        assertThat(certificate.sanCritical()).isTrue();
    }

    @Test
    void anAcmeCaAcceptsTheRequestWithoutACommonNameThatANameTooLongForOneGets() throws Exception {
        String issuer = "pebble-names-" + suffix;
        var pebble = RealServers.pebble();
        ApiClient.Response created = admin.post("/api/issuers", Map.of("name", issuer, "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String longName = LONG_LABEL + ".acme-" + suffix + ".example.test";

        ApiClient.Response accepted = admin.post("/api/certificates", Map.of("domains", List.of(longName), "issuer", issuer));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();

        await().atMost(Duration.ofSeconds(90)).until(() -> admin.get("/api/certificates/" + id).json().path("status").asText(),
                status -> status.equals("ISSUED") || status.equals("FAILED"));
        JsonNode certificate = admin.get("/api/certificates/" + id).json();
        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        X509Certificate leaf = Pem.readCertificates(admin.get("/api/certificates/" + id + "/chain").body()).get(0);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1)))).containsExactly(longName);
    }

    /** Issues through the API, then lets openssl verify the chain up to the repository CA's root and read the leaf. */
    private OpenSslView issueAndRead(String repository, Map<String, Object> body, String purpose) throws Exception {
        ApiClient.Response issued = admin.post("/api/repositories/" + repository + "/certificates", body);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String id = issued.json().path("id").asText();
        List<X509Certificate> chain = Pem.readCertificates(admin.get("/api/certificates/" + id + "/chain").body());
        UUID caId = jdbc.queryForObject("select ca_id from certflow.repository where id = ?", UUID.class, UUID.fromString(repository));
        String prefix = id + "-";
        Files.writeString(dir.resolve(prefix + "leaf.pem"), Pem.write(chain.get(0)));
        Files.writeString(dir.resolve(prefix + "intermediate.pem"), Pem.write(chain.get(1)));
        Files.writeString(dir.resolve(prefix + "root.pem"), Pem.write(cas.root(caId)));
        OpenSsl openssl = new OpenSsl(dir);
        String verified = openssl.run("verify", "-x509_strict", "-purpose", purpose, "-CAfile", prefix + "root.pem",
                "-untrusted", prefix + "intermediate.pem", prefix + "leaf.pem");
        assertThat(verified).contains(prefix + "leaf.pem: OK");
        return OpenSslView.read(openssl, prefix + "leaf.pem");
    }

    /** notBefore is back-dated five minutes for clock skew; notAfter is the validity asked from the moment of issue. */
    private static void assertValidity(OpenSslView certificate, Instant before, Duration validity) {
        Instant after = Instant.now();
        assertThat(Duration.between(certificate.notBefore(), certificate.notAfter())).isEqualTo(validity.plusMinutes(5));
        assertThat(certificate.notAfter()).isBetween(before.plus(validity).minusSeconds(1), after.plus(validity).plusSeconds(1));
    }

    /** What {@code openssl x509 -text} says about a certificate. */
    record OpenSslView(String subject, String subjectAlternativeNames, boolean sanCritical, Instant notBefore, Instant notAfter) {

        private static final DateTimeFormatter OPENSSL_DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT);

        static OpenSslView read(OpenSsl openssl, String file) {
            String text = openssl.run("x509", "-in", file, "-noout", "-text", "-nameopt", "RFC2253,-esc_msb,utf8");
            String subject = line(text, "Subject:").substring("Subject:".length()).trim();
            String san = null;
            boolean critical = false;
            List<String> lines = new ArrayList<>(List.of(text.split("\n")));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("X509v3 Subject Alternative Name:")) {
                    critical = lines.get(i).contains("critical");
                    san = lines.get(i + 1).trim();
                }
            }
            return new OpenSslView(reverseRfc2253(subject), san, critical,
                    date(line(text, "Not Before:").substring(line(text, "Not Before:").indexOf(':') + 1).trim()),
                    date(line(text, "Not After :").substring(line(text, "Not After :").indexOf(':') + 1).trim()));
        }

        private static String line(String text, String start) {
            return Stream.of(text.split("\n")).map(String::trim).filter(l -> l.startsWith(start)).findFirst()
                    .orElseThrow(() -> new AssertionError("openssl printed no '" + start + "':\n" + text));
        }

        private static Instant date(String text) {
            return LocalDateTime.parse(text, OPENSSL_DATE).toInstant(ZoneOffset.UTC);
        }

        /** RFC 2253 prints the last attribute first; the API takes them in the order they are encoded. */
        private static String reverseRfc2253(String subject) {
            if (subject.isEmpty()) {
                return subject;
            }
            List<String> parts = new ArrayList<>(List.of(subject.split("(?<!\\\\),")));
            Collections.reverse(parts);
            return String.join(",", parts);
        }
    }

    private String createRepository(String name, String dataSource) {
        ApiClient.Response created = admin.post("/api/repositories", Map.of("name", name, "dataSource", dataSource));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return count == null ? 0 : count;
    }
}

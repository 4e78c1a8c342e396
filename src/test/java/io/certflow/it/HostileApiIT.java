package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RawHttp;
import io.certflow.it.support.RealServers;

/**
 * Requests of the kinds a hostile corpus sent: each is refused with a 4xx application/problem+json
 * that says in words what is wrong (the field, the position), names no Java class, quotes no SQL and
 * no secret, and stores and starts nothing. The container's own errors included.
 */
class HostileApiIT extends CertflowIT {

    /** A TSIG secret (base64 of 32 bytes) that must never come back in an answer. */
    static final String SECRET = "c2VjcmV0LXRzaWctdmFsdWUtb2YtMzItYnl0ZXMhIQ==";
    private static final Pattern JAVA = Pattern.compile(
            "java\\.|javax\\.|jakarta\\.|io\\.certflow|com\\.fasterxml|org\\.(springframework|apache|camunda|h2|postgresql)"
                    + "|Exception|StreamReadConstraints|\\w\\(|<[a-z]+>|\\$");
    private static final Pattern SQL = Pattern.compile(
            "(?i)\\bsql\\b|select\\s.+\\sfrom|insert\\s+into|\\bvarchar|character varying|constraint|jdbc|certflow\\.[a-z_]+\\b");
    private static final String JSON = "Content-Type: application/json";
    private static final String LONG_TENANT = "t".repeat(70);

    @Autowired
    HistoryService historyService;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    ApiClient admin;
    RawHttp raw;

    @BeforeAll
    void clients() {
        admin = admin();
        raw = new RawHttp(port, "admin", RealServers.ADMIN_PASSWORD);
    }

    /** What the API shows as stored, and the processes ever started. */
    record Inventory(long certificates, int templates, int issuers, int zones, int repositories, long processes) {
    }

    private Inventory inventory() {
        return new Inventory(admin.get("/api/certificates").json().path("total").asLong(), admin.get("/api/templates").json().size(),
                admin.get("/api/issuers").json().size(), admin.get("/api/dns-zones").json().size(),
                admin.get("/api/repositories").json().size(), historyService.createHistoricProcessInstanceQuery().count());
    }

    /** The answer every refused request gets: a 4xx problem in words, naming {@code field}, free of internals. */
    private static String refusedInWords(RawHttp.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.body()).startsWith("application/problem+json");
        String detail = reply.json().path("detail").asText();
        assertThat(detail).as("detail").isNotBlank().contains(field).contains(" ");
        assertThat(reply.body()).as("no Java internals").doesNotContainPattern(JAVA);
        assertThat(reply.body()).as("no SQL").doesNotContainPattern(SQL);
        assertThat(reply.body()).as("no secret").doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 20));
        assertThat(reply.body()).as("no long value echoed").doesNotContainPattern("(.)\\1{99}");
        return detail;
    }

    // Item 4: refused, yet done.

    static List<Arguments> callsThatWouldStoreOrStart() {
        return List.of(
                Arguments.of("POST", "/api/certificates", "{\"domains\": [\"accept.internal.test\"], \"issuer\": \"local-ca\"}"),
                Arguments.of("POST", "/api/templates", "{\"name\": \"accept-xml\", \"issuer\": \"local-ca\"}"),
                Arguments.of("POST", "/api/issuers", "{\"name\": \"accept-xml-ca\", \"type\": \"PRIVATE_CA\"}"),
                Arguments.of("POST", "/api/repositories", "{\"name\": \"accept-xml\", \"dataSource\": \"UPLOADED\"}"),
                Arguments.of("POST", "/api/dns-zones", "{\"zone\": \"accept.test\", \"primaryServer\": \"127.0.0.1:53\","
                        + " \"tsigKeyName\": \"k\", \"tsigSecret\": \"" + SECRET + "\"}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callsThatWouldStoreOrStart")
    void aCallWhoseAcceptHeaderAdmitsNothingItAnswersWithIsRefusedBeforeItStoresOrStartsAnything(String method, String path,
                                                                                                  String body) {
        Inventory before = inventory();

        RawHttp.Reply reply = raw.send(method, path, JSON + "\r\nAccept: application/xml", body);

        refusedInWords(reply, 406, "Accept");
        assertThat(reply.json().path("detail").asText()).contains("application/json");
        assertThat(inventory()).isEqualTo(before);
    }

    @Test
    void everyApiCallDeclaresWhatItAnswersWithSoThatAcceptIsCheckedBeforeItRuns() {
        List<String> undeclared = handlerMapping.getHandlerMethods().keySet().stream()
                .filter(info -> info.getPatternValues().stream().anyMatch(pattern -> pattern.startsWith("/api")))
                .filter(info -> info.getProducesCondition().isEmpty())
                .map(RequestMappingInfo::toString).toList();

        assertThat(undeclared).isEmpty();
    }

    // Item 5: 500 with SQL in the body.

    static List<Arguments> valuesTooLargeForWhereTheyGo() {
        String host300 = String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(56)) + ".test";
        String zone = "{\"zone\": \"big.test\", \"primaryServer\": \"%s\", \"tsigKeyName\": \"k\", \"tsigSecret\": \"" + SECRET + "\"}";
        return List.of(
                Arguments.of("an offset past the largest number", "GET", "/api/certificates?page=2147483647&size=200", null, "page"),
                Arguments.of("a negative page", "GET", "/api/certificates?page=-1", null, "page"),
                Arguments.of("a page number past the largest number", "GET", "/api/certificates?page=99999999999", null, "page"),
                Arguments.of("a 300-character primary server", "POST", "/api/dns-zones", zone.formatted(host300 + ":53"), "primaryServer"),
                Arguments.of("a 300-character host in a port's place", "POST", "/api/dns-zones", zone.formatted(host300), "primaryServer"),
                Arguments.of("port 99999", "POST", "/api/dns-zones", zone.formatted("127.0.0.1:99999"), "primaryServer"),
                Arguments.of("port 0", "POST", "/api/dns-zones", zone.formatted("127.0.0.1:0"), "primaryServer"),
                Arguments.of("a 2,000-character TSIG secret", "POST", "/api/dns-zones",
                        zone.formatted("127.0.0.1:53").replace(SECRET, SECRET.repeat(46)), "tsigSecret"),
                Arguments.of("a 70-character tenant for an issuer", "POST", "/api/issuers",
                        "{\"tenant\": \"" + LONG_TENANT + "\", \"name\": \"ca\", \"type\": \"PRIVATE_CA\"}", "tenant"),
                Arguments.of("a 70-character tenant for a template", "POST", "/api/templates",
                        "{\"tenant\": \"" + LONG_TENANT + "\", \"name\": \"t\", \"issuer\": \"local-ca\"}", "tenant"),
                Arguments.of("a 70-character tenant for a zone", "POST", "/api/dns-zones",
                        zone.formatted("127.0.0.1:53").replace("{", "{\"tenant\": \"" + LONG_TENANT + "\", "), "tenant"),
                Arguments.of("a 70-character tenant for a repository", "POST", "/api/repositories",
                        "{\"tenant\": \"" + LONG_TENANT + "\", \"name\": \"r\", \"dataSource\": \"UPLOADED\"}", "tenant"),
                Arguments.of("a 70-character tenant for a certificate", "POST", "/api/certificates",
                        "{\"tenant\": \"" + LONG_TENANT + "\", \"domains\": [\"t.internal.test\"], \"issuer\": \"local-ca\"}", "tenant"),
                Arguments.of("a 101-character template name", "POST", "/api/templates",
                        "{\"name\": \"" + "n".repeat(101) + "\", \"issuer\": \"local-ca\"}", "name"),
                Arguments.of("a 600-character directory URL", "POST", "/api/issuers",
                        "{\"name\": \"acme\", \"type\": \"ACME\", \"directoryUrl\": \"https://ca.example/" + "d".repeat(580) + "\"}",
                        "directoryUrl"),
                Arguments.of("a 310-character contact email", "POST", "/api/issuers",
                        "{\"name\": \"acme\", \"type\": \"ACME\", \"contactEmail\": \"" + "m".repeat(298) + "@example.test\"}",
                        "contactEmail"),
                Arguments.of("a 300-character EAB key id", "POST", "/api/issuers",
                        "{\"name\": \"acme\", \"type\": \"ACME\", \"externalAccountBinding\": {\"keyId\": \"" + "k".repeat(300)
                                + "\", \"hmacKey\": \"" + SECRET + "\"}}", "externalAccountBinding.keyId"),
                Arguments.of("a 300-character name in validationMethods", "POST", "/api/certificates",
                        "{\"domains\": [\"v.internal.test\"], \"issuer\": \"local-ca\", \"validationMethods\": {\""
                                + "k".repeat(300) + "\": \"DNS_01\"}}", "validationMethods["),
                Arguments.of("101 names", "POST", "/api/certificates", "{\"domains\": ["
                        + String.join(",", IntStream.range(0, 101).mapToObj(i -> "\"n" + i + ".internal.test\"").toList())
                        + "], \"issuer\": \"local-ca\"}", "domains"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesTooLargeForWhereTheyGo")
    void aValueTooLargeForWhereItGoesIsAProblemNamingTheFieldNotA500WithSql(String what, String method, String target, String body,
                                                                             String field) {
        Inventory before = inventory();

        RawHttp.Reply reply = raw.send(method, target, body == null ? "" : JSON, body);

        refusedInWords(reply, 400, field);
        assertThat(inventory()).isEqualTo(before);
    }

    @Test
    void aHundredNamesOfTheLongestLengthAreIssuedAsTheApiDocuments() {
        List<String> names = IntStream.range(0, 100)
                .mapToObj(i -> String.format("n%03d", i) + "a".repeat(59) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
                        + "d".repeat(56) + ".test")
                .toList();
        assertThat(names).allSatisfy(name -> assertThat(name).hasSize(253));

        ApiClient.Response accepted = admin.post("/api/certificates", Map.of("domains", names, "issuer", "local-ca"));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        await().atMost(Duration.ofMinutes(1)).until(() -> admin.get("/api/certificates/" + id).json().path("status").asText(),
                status -> status.equals("ISSUED") || status.equals("FAILED"));
        JsonNode certificate = admin.get("/api/certificates/" + id).json();
        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        assertThat(certificate.path("domains")).hasSize(100);
    }

    @Test
    void aMalformedMultipartBodyIsAProblemNotA500() {
        Inventory before = inventory();

        RawHttp.Reply noClosingBoundary = raw.send("POST", "/api/certificates/upload", "Content-Type: multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" + SECRET);
        RawHttp.Reply noBoundary = raw.send("POST", "/api/certificates/upload", "Content-Type: multipart/form-data", "abc");

        refusedInWords(noClosingBoundary, 400, "multipart");
        refusedInWords(noBoundary, 400, "multipart");
        assertThat(inventory()).isEqualTo(before);
    }

    @Test
    void aTenantTooLongInAnUploadIsAProblemNamingIt() {
        Inventory before = inventory();

        ApiClient.Response response = admin.upload("/api/certificates/upload", Map.of("tenant", LONG_TENANT), "bundle.pem",
                "not a bundle".getBytes(StandardCharsets.US_ASCII));

        refusedInWords(new RawHttp.Reply(response.status(), Map.of("content-type", response.contentType()), response.body()), 400,
                "tenant");
        assertThat(inventory()).isEqualTo(before);
    }

    // Item 8: too lenient.

    static List<Arguments> valuesALenientReaderGuessedAt() {
        String zone = "{\"zone\": \"lenient.test\", \"primaryServer\": \"%s\", \"tsigKeyName\": \"k\", \"tsigSecret\": \"" + SECRET + "\"}";
        String template = "{\"name\": \"lenient\", \"issuer\": \"local-ca\", \"validityDays\": %s}";
        return List.of(
                Arguments.of("a server named '-'", "POST", "/api/dns-zones", zone.formatted("-:53"), "primaryServer"),
                Arguments.of("a server named '...'", "POST", "/api/dns-zones", zone.formatted("...:53"), "primaryServer"),
                Arguments.of("a server '[zz]'", "POST", "/api/dns-zones", zone.formatted("[zz]:53"), "primaryServer"),
                Arguments.of("a server 999.999.999.999", "POST", "/api/dns-zones", zone.formatted("999.999.999.999:53"), "primaryServer"),
                Arguments.of("days as text", "POST", "/api/templates", template.formatted("\"30\""), "validityDays"),
                Arguments.of("days with a fraction", "POST", "/api/templates", template.formatted("30.9"), "validityDays"),
                Arguments.of("a number as a name", "POST", "/api/templates", "{\"name\": 123, \"issuer\": \"local-ca\"}", "name"),
                Arguments.of("a number as a yes or no", "PUT", "/api/certificates/" + UUID.randomUUID() + "/auto-management",
                        "{\"enabled\": 1}", "enabled"),
                Arguments.of("an object followed by garbage", "POST", "/api/templates",
                        template.formatted("30") + " " + SECRET, "line 1"),
                Arguments.of("an object followed by another", "POST", "/api/templates",
                        template.formatted("30") + " {\"name\": \"second\"}", "followed by more"),
                Arguments.of("a field given twice", "POST", "/api/templates",
                        "{\"name\": \"lenient\", \"name\": \"other\", \"issuer\": \"local-ca\"}", "'name' appears twice"),
                Arguments.of("a date a billion years ago", "GET", "/api/certificates?expiresBefore=-999999999-01-01T00:00:00Z", null,
                        "expiresBefore"),
                Arguments.of("a date after the year 9999", "GET", "/api/certificates?expiresBefore=%2B10000-01-01T00:00:00Z", null,
                        "expiresBefore"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesALenientReaderGuessedAt")
    void aValueALenientReaderWouldHaveGuessedAtIsRefused(String what, String method, String target, String body, String field) {
        Inventory before = inventory();

        RawHttp.Reply reply = raw.send(method, target, body == null ? "" : JSON, body);

        refusedInWords(reply, 400, field);
        assertThat(inventory()).isEqualTo(before);
    }

    // Item 9: errors that are not problem+json.

    static List<Arguments> requestsTheContainerRefuses() {
        return List.of(
                Arguments.of("an encoded slash", "GET", "/api/certificates/a%2Fb", "", 400),
                Arguments.of("an encoded backslash", "GET", "/api/certificates/a%5Cb", "", 400),
                Arguments.of("braces", "GET", "/api/certificates/{id}", "", 400),
                Arguments.of("an encoded NUL", "GET", "/api/%00", "", 400),
                Arguments.of("a 20 KB header", "GET", "/api/certificates", "X-Padding: " + "p".repeat(20_000), 400),
                Arguments.of("TRACE", "TRACE", "/api/certificates", "", 405));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsTheContainerRefuses")
    void aRequestTheContainerRefusesBeforeCertflowSeesItIsStillAProblemInWords(String what, String method, String target,
                                                                                String headers, int status) {
        RawHttp.Reply reply = raw.send(method, target, headers, (String) null);

        refusedInWords(reply, status, status == 405 ? "method" : "request");
        assertThat(reply.body()).as("no echo of the request").doesNotContain("Authorization").doesNotContain("ppppp");
    }

    @Test
    void anUploadLargerThanTheContainerReadsIsA413ProblemSayingTheLimit() {
        Inventory before = inventory();
        String boundary = "hostile";
        String start = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pem\"\r\n\r\n";

        // 20 MB announced, the first bytes sent: Certflow refuses on the announced length without reading the rest.
        RawHttp.Reply reply = raw.send("POST", "/api/certificates/upload", "Content-Type: multipart/form-data; boundary=" + boundary
                + "\r\nContent-Length: " + 20 * 1024 * 1024, start + "x".repeat(1000));

        assertThat(refusedInWords(reply, 413, "file")).contains("1 MiB");
        assertThat(inventory()).isEqualTo(before);
    }

    static List<Arguments> malformedRequestsToCertflow() {
        return List.of(
                Arguments.of("a missing body", "POST", "/api/certificates", JSON, null, "a JSON object is required"),
                Arguments.of("a body of null", "POST", "/api/certificates", JSON, "null", "a JSON object is required"),
                Arguments.of("an identifier that is not one", "GET", "/api/certificates/not-a-uuid", "", null,
                        "id: 'not-a-uuid' is not a valid identifier (a UUID like"),
                Arguments.of("an identifier in a body that is not one", "POST", "/api/repositories/" + UUID.randomUUID() + "/sign", JSON,
                        "{\"certificateId\": \"xyz\", \"content\": \"aGk=\"}", "certificateId: must be an identifier"),
                Arguments.of("a time that is not one", "GET", "/api/certificates?expiresBefore=tomorrow", "", null,
                        "expiresBefore: 'tomorrow' is not a valid point in time"),
                Arguments.of("a number longer than the reader reads", "POST", "/api/templates", JSON,
                        "{\"name\": \"n\", \"issuer\": \"local-ca\", \"validityDays\": " + "9".repeat(1200) + "}",
                        "exceeds a limit of the JSON reader"),
                Arguments.of("a TSIG secret written without quotes", "POST", "/api/dns-zones", JSON,
                        "{\"zone\": \"quoted.test\",\n \"primaryServer\": \"127.0.0.1:53\",\n \"tsigKeyName\": \"k\",\n \"tsigSecret\": "
                                + SECRET.replace("=", "") + "}", "not valid JSON (line 4"),
                Arguments.of("a list where an object belongs", "POST", "/api/templates", JSON, "[\"" + SECRET + "\"]",
                        "the request body must be an object"),
                Arguments.of("an unknown field", "POST", "/api/templates", JSON,
                        "{\"name\": \"n\", \"issuer\": \"local-ca\", \"colour\": \"" + SECRET + "\"}", "Unknown field 'colour' (line 1"),
                Arguments.of("text that is not JSON", "POST", "/api/certificates", JSON, SECRET, "not valid JSON (line 1"),
                Arguments.of("an unsupported content type", "POST", "/api/certificates", "Content-Type: application/xml", "<a/>",
                        "Content-Type 'application/xml' is not accepted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequestsToCertflow")
    void aMalformedRequestIsAProblemNamingFieldAndPositionNeverAClassOrTheValueOfASecret(String what, String method, String target,
                                                                                         String headers, String body, String expected) {
        Inventory before = inventory();

        RawHttp.Reply reply = raw.send(method, target, headers, body);

        assertThat(refusedInWords(reply, reply.status() == 415 ? 415 : 400, "")).contains(expected);
        assertThat(inventory()).isEqualTo(before);
    }
}

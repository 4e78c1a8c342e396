package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;

/**
 * Uploads over the API: the malformed corpus (src/test/resources/uploads/bad-uploads.csv) is refused
 * with a problem naming each defect and stores nothing; a good upload is inventoried as UPLOADED, cannot
 * be auto-managed, and is replaced by a managed certificate for the same names.
 */
class UploadIT extends CertflowIT {

    @Autowired
    JdbcTemplate jdbc;

    ApiClient admin;
    String caRepository;

    @BeforeAll
    void setUp() {
        admin = admin();
        ApiClient.Response created = admin.post("/api/repositories", Map.of("name", "upload-it-cas-" + System.nanoTime(),
                "dataSource", "UPLOADED_CA"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        caRepository = created.json().path("id").asText();
    }

    record Case(String file, String format, String password, boolean requireKey, String expected) {
    }

    @Test
    void everyMalformedUploadOfTheCorpusIsRefusedWithAProblemNamingItsDefectAndStoresNothing() throws Exception {
        List<Case> cases = corpus();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        long before = certificateRows();
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Map<String, String> fields = new HashMap<>();
            fields.put("format", c.format());
            if (!c.password().isEmpty()) {
                fields.put("password", c.password());
            }
            if (!c.requireKey()) {
                // Key-less uploads are CA certificates, which go into an UPLOADED_CA repository.
                fields.put("repository", caRepository);
            }
            ApiClient.Response response = admin.upload("/api/certificates/upload", fields, c.file(), resource("bad/" + c.file()));
            String firstPart = c.expected().split(" \\.\\.\\. ")[0];
            if (response.status() != 400 || !response.contentType().startsWith("application/problem+json")
                    || !response.body().contains(jsonEscaped(firstPart))) {
                wrong.add(c.file() + " -> " + response.status() + " " + response.body());
            }
        }
        assertThat(wrong).as("uploads not refused with their defect named").isEmpty();
        assertThat(certificateRows()).as("certificates stored").isEqualTo(before);
    }

    @Test
    void anOversizeUploadAndTheWrongContentTypeAreProblemsToo() {
        long before = certificateRows();
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'A');
        ApiClient.Response oversize = admin.upload("/api/certificates/upload", Map.of(), "big.pem", big);
        assertThat(oversize.status()).as(oversize.body()).isEqualTo(413);
        assertThat(oversize.contentType()).startsWith("application/problem+json");

        ApiClient.Response json = admin.post("/api/certificates/upload", "{\"file\":\"-----BEGIN CERTIFICATE-----\"}");
        assertThat(json.status()).as(json.body()).isEqualTo(415);
        assertThat(json.contentType()).as(json.body()).startsWith("application/problem+json");
        assertThat(json.body()).contains("multipart/form-data");
        assertThat(certificateRows()).isEqualTo(before);
    }

    @Test
    void aGoodUploadIsInventoriedNotAutoManagedAndReplacedByAManagedCertificateForTheSameNames() throws Exception {
        ApiClient.Response uploaded = admin.upload("/api/certificates/upload", Map.of(), "chain.pem",
                resource("good/ec-p256-chain-pkcs8-key.pem"));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        JsonNode certificate = uploaded.json();
        String id = certificate.path("id").asText();
        assertThat(certificate.path("source").asText()).isEqualTo("UPLOADED");
        assertThat(certificate.path("autoManaged").asBoolean()).isFalse();
        assertThat(certificate.path("serialNumber").asText()).isNotBlank();
        assertThat(admin.get("/api/certificates?autoManaged=false&size=200").body()).contains(id);
        assertThat(admin.get("/api/certificates?autoManaged=true&size=200").body()).doesNotContain(id);
        String keyEnc = jdbc.queryForObject("select private_key_enc from certflow.certificate where id = ?::uuid", String.class, id);
        assertThat(keyEnc).as("key encrypted at rest").startsWith("v1:").doesNotContain("PRIVATE KEY");

        ApiClient.Response managed = admin.put("/api/certificates/" + id + "/auto-management", Map.of("enabled", true));
        assertThat(managed.status()).isEqualTo(409);
        assertThat(managed.contentType()).startsWith("application/problem+json");
        assertThat(managed.json().path("detail").asText()).contains("cannot be auto-managed", "/replace");

        ApiClient.Response replacement = admin.post("/api/certificates/" + id + "/replace", Map.of("issuer", "local-ca"));
        assertThat(replacement.status()).as(replacement.body()).isEqualTo(202);
        JsonNode issued = admin.awaitFinal(replacement.json().path("id").asText(), Duration.ofSeconds(60));
        assertThat(issued.path("status").asText()).as(issued.toString()).isEqualTo("ISSUED");
        assertThat(issued.path("source").asText()).isEqualTo("ISSUED");
        assertThat(issued.path("autoManaged").asBoolean()).isTrue();
        assertThat(issued.path("predecessorId").asText()).isEqualTo(id);
        assertThat(issued.path("domains")).isEqualTo(certificate.path("domains"));

        String issuedId = issued.path("id").asText();
        assertThat(admin.put("/api/certificates/" + issuedId + "/auto-management", Map.of("enabled", false)).json()
                .path("autoManaged").asBoolean()).isFalse();
        assertThat(admin.put("/api/certificates/" + issuedId + "/auto-management", Map.of("enabled", true)).json()
                .path("autoManaged").asBoolean()).isTrue();
    }

    @Test
    void anExpiredCertificateIsAcceptedOnlyWithTheFlagAndMarkedSo() throws Exception {
        byte[] expired = resource("good/expired-leaf-accepted-with-flag.pem");
        ApiClient.Response refused = admin.upload("/api/certificates/upload", Map.of(), "expired.pem", expired);
        assertThat(refused.status()).isEqualTo(400);

        ApiClient.Response accepted = admin.upload("/api/certificates/upload", Map.of("acceptOutsideValidity", "true"),
                "expired.pem", expired);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().path("outsideValidity").asBoolean()).isTrue();
    }

    @Test
    void aPkcs12WithItsPasswordIsAccepted() throws Exception {
        ApiClient.Response accepted = admin.upload("/api/certificates/upload", Map.of("password", p12Password()), "chain.p12",
                resource("good/ec-p256-chain.p12"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().path("keyType").asText()).isEqualTo("EC_P256");
    }

    @Test
    void aPemFileIsRecognisedWithoutItsFormatWhateverItsEncodingOrPreamble() throws Exception {
        String pem = new String(resource("good/ec-p256-chain-pkcs8-key.pem"), StandardCharsets.US_ASCII);
        // openssl pkcs12 -nodes writes attributes before each block, easily more than a few hundred bytes
        String preamble = ("Bag Attributes\n    friendlyName: www.example.test\n    localKeyID: " + "AB:".repeat(60)
                + "\nsubject=O = Certflow Test, CN = www.example.test\nissuer=O = Certflow Test, CN = Certflow Test Intermediate CA\n");
        java.util.LinkedHashMap<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("UTF-8 with a byte-order mark", resource("good/ec-p256-chain-with-byte-order-mark.pem"));
        files.put("UTF-16 with its byte-order mark", ("\uFEFF" + pem).getBytes(StandardCharsets.UTF_16LE));
        files.put("a long preamble", (preamble + pem).getBytes(StandardCharsets.US_ASCII));

        files.forEach((what, content) -> {
            ApiClient.Response accepted = admin.upload("/api/certificates/upload", Map.of(), "chain.pem", content);
            assertThat(accepted.status()).as("%s: %s", what, accepted.body()).isEqualTo(201);
            assertThat(accepted.json().path("domains").toString()).as(what).contains("www.example.test");
        });
    }

    private long certificateRows() {
        Long count = jdbc.queryForObject("select count(*) from certflow.certificate", Long.class);
        return count == null ? 0 : count;
    }

    private static List<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : new String(resource("bad-uploads.csv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("file,")) {
                continue;
            }
            String[] parts = line.split(",", 5);
            String expected = parts[4].trim();
            if (expected.startsWith("\"") && expected.endsWith("\"")) {
                expected = expected.substring(1, expected.length() - 1).replace("\"\"", "\"");
            }
            cases.add(new Case(parts[0], parts[1], parts[2], Boolean.parseBoolean(parts[3]), expected));
        }
        return cases;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = UploadIT.class.getResourceAsStream("/uploads/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource uploads/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static String jsonEscaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String p12Password() {
        return "changeit";
    }
}

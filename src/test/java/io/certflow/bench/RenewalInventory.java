package io.certflow.bench;

import java.io.StringReader;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.CertificateStore.IssuedCertificate;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.issuer.privateca.BackdatedLeaves;
import io.certflow.it.support.ApiClient;
import io.certflow.renewal.RenewalWindow;

/**
 * Fills the inventory with managed certificates of one private CA straight into the database, as
 * Certflow itself would have stored them had it issued each one: a certificate row with a real
 * chain (a leaf signed by the CA's intermediate, backdated to when it was "issued"), its real key
 * sealed under Certflow's key-encryption key, its name row, and its request with the request's
 * issuer (the other columns of the request copied from a request Certflow issued over the API).
 * <p>
 * Every certificate is issued at a random time within the last 90 days, with 90 days of validity,
 * but not one is due under the policy's window: a certificate that would be due has been renewed in
 * a steady state, so its age is drawn again. About a tenth of them are inside their window, waiting
 * for their planned time: those a run reads and decides about without renewing them.
 * <p>
 * For the certificates a phase makes due, a second leaf of the same key issued 89 days ago is
 * kept in the table {@code public.bench_due}; making them due puts that leaf in their rows.
 */
final class RenewalInventory {

    static final Duration VALIDITY = Duration.ofDays(90);
    private static final int CHUNK = 5_000;

    private final Connection connection;
    private final KeyProtection keyProtection;
    private final Template template;
    private final int windowDays;

    /** What a request Certflow issued over the API holds, for the rows written here. */
    record Template(String tenantId, UUID issuerId, String validationMethod, String state, int orderAttempts, String requestedBy,
                    String intermediatePem, String intermediateKeyEnc) {

        static Template of(Connection connection, UUID requestId) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("""
                    select r.tenant_id, r.issuer_id, r.state, r.order_attempts, r.requested_by, v.method,
                           ca.intermediate_pem, ca.intermediate_key_enc
                    from certflow.certificate_request r
                    join certflow.issuer i on i.id = r.issuer_id join certflow.certificate_authority ca on ca.id = i.ca_id
                    left join certflow.request_domain_validation v on v.request_id = r.id
                    where r.id = '%s'""".formatted(requestId))) {
                rs.next();
                return new Template(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(6), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getString(7), rs.getString(8));
            }
        }
    }

    RenewalInventory(Connection connection, KeyProtection keyProtection, Template template, int windowDays) {
        this.connection = connection;
        this.keyProtection = keyProtection;
        this.template = template;
        this.windowDays = windowDays;
    }

    /**
     * A private CA issuer of the tenant, and one certificate issued through it over the API (then not auto-managed, so
     * that it counts in no run): the rows written straight into the database copy its request's columns.
     */
    static RenewalInventory withPrivateCa(ApiClient admin, Connection db, byte[] kek, String tenant, String issuer, int windowDays)
            throws SQLException {
        ApiClient.Response created = admin.post("/api/issuers", Map.of("tenant", tenant, "name", issuer, "type", "PRIVATE_CA"));
        require(created.status() == 201, "Cannot create the issuer: " + created.body());
        ApiClient.Response accepted = admin.post("/api/certificates", Map.of("tenant", tenant, "domains", List.of("template.bench.test"),
                "issuer", issuer));
        require(accepted.status() == 202, "Cannot request a certificate: " + accepted.body());
        JsonNode issued = admin.awaitFinal(accepted.json().path("id").asText(), Duration.ofSeconds(60));
        require(issued.path("status").asText().equals("ISSUED"), "The template certificate was not issued: " + issued);
        admin.put("/api/certificates/" + issued.path("id").asText() + "/auto-management", Map.of("enabled", false));
        UUID requestId;
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "select id from certflow.certificate_request where certificate_id = '" + issued.path("id").asText() + "'")) {
            rs.next();
            requestId = rs.getObject(1, UUID.class);
        }
        return new RenewalInventory(db, new KeyProtection(kek), Template.of(db, requestId), windowDays);
    }

    /** {@link #fill}, then the statistics a database that has been running would have (one filled a minute ago has none yet). */
    void fillAndAnalyze(int count, int dueLater) throws SQLException {
        fill(count, dueLater);
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("certificate", "certificate_domain", "certificate_request", "deployment")) {
                statement.execute("vacuum analyze certflow." + table);
            }
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    /** Writes {@code count} certificates; the first {@code dueLater} of them also get a leaf that makes them due. */
    void fill(int count, int dueLater) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    create table public.bench_due (position integer primary key, id uuid not null, serial varchar(128),
                        not_before timestamp, not_after timestamp, fingerprint varchar(95), chain text)""");
        }
        BackdatedLeaves leaves = new BackdatedLeaves(template.intermediatePem(), template.intermediateKeyEnc(), keyProtection);
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        for (int from = 0; from < count; from += CHUNK) {
            List<Row> rows = IntStream.range(from, Math.min(count, from + CHUNK)).parallel()
                    .mapToObj(position -> row(leaves, position, "c" + position + "-" + run + ".bench.test", now, position < dueLater))
                    .toList();
            copy(rows);
            connection.commit();
            System.out.printf("  %,d of %,d certificates written%n", Math.min(count, from + CHUNK), count);
        }
        connection.setAutoCommit(autoCommit);
    }

    /** Puts the due leaf into the rows of bench_due's certificates at positions [from, to); returns their ids. */
    List<UUID> makeDue(int from, int to) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    update certflow.certificate c set serial_number = d.serial, not_before = d.not_before, not_after = d.not_after,
                        sha256_fingerprint = d.fingerprint, chain_pem = d.chain, created_at = d.not_before, updated_at = d.not_before
                    from public.bench_due d where c.id = d.id and d.position >= %d and d.position < %d""".formatted(from, to));
            try (ResultSet rs = statement.executeQuery("select id from public.bench_due where position >= %d and position < %d order by position"
                    .formatted(from, to))) {
                List<UUID> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
                return ids;
            }
        }
    }

    private record Row(int position, UUID id, UUID requestId, String domain, IssuedCertificate issued, String publicKey, IssuedCertificate due) {
    }

    private Row row(BackdatedLeaves leaves, int position, String domain, Instant now, boolean dueLater) {
        UUID id = UUID.randomUUID();
        KeyPair key = KeyType.DEFAULT.generate();
        String keyEnc = keyProtection.protect(key.getPrivate(), CertificateStore.PRIVATE_KEY_PURPOSE);
        IssuedCertificate issued;
        do {
            Instant issuedAt = now.minus(Duration.ofMinutes(ThreadLocalRandom.current().nextLong(VALIDITY.toMinutes())));
            issued = IssuedCertificate.of(leaves.issue(domain, key.getPublic(), issuedAt, VALIDITY), keyEnc);
            // Not due, and not due before the benchmark ends either.
        } while (RenewalWindow.plannedAt(id, issued.notBefore(), issued.notAfter(), windowDays).isBefore(now.plus(Duration.ofDays(1))));
        IssuedCertificate due = null;
        if (dueLater) {
            List<X509Certificate> chain = leaves.issue(domain, key.getPublic(), now.minus(VALIDITY.minusDays(1)), VALIDITY);
            due = IssuedCertificate.of(chain, keyEnc);
        }
        return new Row(position, id, UUID.randomUUID(), domain, issued, Base64.getEncoder().encodeToString(key.getPublic().getEncoded()), due);
    }

    private void copy(List<Row> rows) throws SQLException {
        StringBuilder certificates = new StringBuilder();
        StringBuilder names = new StringBuilder();
        StringBuilder requests = new StringBuilder();
        StringBuilder validations = new StringBuilder();
        StringBuilder due = new StringBuilder();
        for (Row row : rows) {
            IssuedCertificate c = row.issued();
            String created = ts(c.notBefore());
            csv(certificates, row.id(), template.tenantId(), template.issuerId(), KeyType.DEFAULT.name(), "ISSUED", "ISSUED", "true",
                    c.serialNumber(), ts(c.notBefore()), ts(c.notAfter()), c.sha256Fingerprint(), c.chainPem(), c.privateKeyEnc(), created,
                    created, "false");
            csv(names, row.id(), row.domain(), 0);
            csv(requests, row.requestId(), template.tenantId(), row.id(), template.issuerId(), KeyType.DEFAULT.name(),
                    template.validationMethod() == null ? "NONE" : template.validationMethod(), "false", template.state(),
                    "urn:certflow:private-ca:order:" + UUID.randomUUID(), template.orderAttempts(), c.privateKeyEnc(), row.publicKey(),
                    template.requestedBy(), created, created);
            if (template.validationMethod() != null) {
                csv(validations, row.requestId(), row.domain(), template.validationMethod());
            }
            if (row.due() != null) {
                IssuedCertificate d = row.due();
                csv(due, row.position(), row.id(), d.serialNumber(), ts(d.notBefore()), ts(d.notAfter()), d.sha256Fingerprint(), d.chainPem());
            }
        }
        copyIn("""
                certflow.certificate (id, tenant_id, issuer_id, key_type, status, source, auto_managed, serial_number, not_before,
                    not_after, sha256_fingerprint, chain_pem, private_key_enc, created_at, updated_at, outside_validity)""", certificates);
        copyIn("certflow.certificate_domain (certificate_id, domain, position)", names);
        copyIn("""
                certflow.certificate_request (id, tenant_id, certificate_id, issuer_id, key_type, validation_method, approval_required,
                    state, order_url, order_attempts, private_key_enc, public_key, requested_by, created_at, updated_at)""", requests);
        copyIn("certflow.request_domain_validation (request_id, domain, method)", validations);
        copyIn("public.bench_due (position, id, serial, not_before, not_after, fingerprint, chain)", due);
    }

    private void copyIn(String table, StringBuilder csv) throws SQLException {
        if (csv.isEmpty()) {
            return;
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin (format csv)",
                    new StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }

    /** As PgJDBC sends a Timestamp for a column without time zone, and as Certflow writes them. */
    private static String ts(Instant instant) {
        return Timestamp.from(instant).toString();
    }

    private static void csv(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (values[i] != null) {
                out.append('"').append(values[i].toString().replace("\"", "\"\"")).append('"');
            }
        }
        out.append('\n');
    }
}

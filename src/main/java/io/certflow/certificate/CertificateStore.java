package io.certflow.certificate;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.integer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.crypto.KeyType;
import io.certflow.crypto.Pem;

@Repository
public class CertificateStore {

    private static final String COLUMNS = """
            c.id, c.tenant_id, c.issuer_id, c.domains, c.key_type, c.status, c.failure_reason, c.source, c.auto_managed,
            c.serial_number, c.not_before, c.not_after, c.sha256_fingerprint, c.predecessor_id, c.created_at, c.updated_at, c.outside_validity""";

    private final NamedParameterJdbcTemplate jdbc;

    public CertificateStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Certificate certificate) {
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, issuer_id, domains, key_type, status, source, auto_managed,
                    predecessor_id, created_at, updated_at)
                values (:id, :tenantId, :issuerId, :domains, :keyType, :status, :source, :autoManaged, :predecessorId, :now, :now)""",
                new MapSqlParameterSource()
                        .addValue("id", certificate.id())
                        .addValue("tenantId", certificate.tenantId())
                        .addValue("issuerId", certificate.issuerId())
                        .addValue("domains", String.join(",", certificate.domains()))
                        .addValue("keyType", certificate.keyType().name())
                        .addValue("status", certificate.status().name())
                        .addValue("source", certificate.source().name())
                        .addValue("autoManaged", certificate.autoManaged())
                        .addValue("predecessorId", certificate.predecessorId())
                        .addValue("now", Timestamp.from(certificate.createdAt())));
        MapSqlParameterSource[] names = certificate.domains().stream()
                .map(domain -> new MapSqlParameterSource("id", certificate.id()).addValue("domain", domain))
                .toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("insert into certflow.certificate_domain (certificate_id, domain) values (:id, :domain)", names);
    }

    public void insert(CertificateRequest request) {
        jdbc.update("""
                insert into certflow.certificate_request (id, tenant_id, certificate_id, issuer_id, template_id, key_type,
                    validation_method, approval_required, validity_days, state, requested_by, created_at, updated_at)
                values (:id, :tenantId, :certificateId, :issuerId, :templateId, :keyType, :validationMethod,
                    :approvalRequired, :validityDays, :state, :requestedBy, :now, :now)""",
                new MapSqlParameterSource()
                        .addValue("id", request.id())
                        .addValue("tenantId", request.tenantId())
                        .addValue("certificateId", request.certificateId())
                        .addValue("issuerId", request.issuerId())
                        .addValue("templateId", request.templateId())
                        .addValue("keyType", request.keyType().name())
                        .addValue("validationMethod", request.validationMethod().name())
                        .addValue("approvalRequired", request.approvalRequired())
                        .addValue("validityDays", request.validityDays())
                        .addValue("state", CertificateStatus.REQUESTED.name())
                        .addValue("requestedBy", request.requestedBy())
                        .addValue("now", Timestamp.from(request.createdAt())));
    }

    public Optional<Certificate> findCertificate(UUID id) {
        return jdbc.query("select " + COLUMNS + " from certflow.certificate c where c.id = :id",
                new MapSqlParameterSource("id", id), CertificateStore::mapCertificate).stream().findFirst();
    }

    public Optional<String> findChainPem(UUID id) {
        return jdbc.queryForList("select chain_pem from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", id), String.class).stream().filter(pem -> pem != null).findFirst();
    }

    public Optional<String> findPrivateKeyEnc(UUID id) {
        return jdbc.queryForList("select private_key_enc from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", id), String.class).stream().filter(key -> key != null).findFirst();
    }

    /** How each name of the request is proven (a request may mix methods). */
    public void insertValidationMethods(UUID requestId, java.util.Map<String, ValidationMethod> methods) {
        methods.forEach((domain, method) -> jdbc.update("""
                insert into certflow.request_domain_validation (request_id, domain, method) values (:request, :domain, :method)""",
                new MapSqlParameterSource("request", requestId).addValue("domain", domain).addValue("method", method.name())));
    }

    /** The method chosen for one name of the request, when one was recorded for it. */
    public Optional<ValidationMethod> validationMethodOf(UUID requestId, String domain) {
        return jdbc.queryForList("select method from certflow.request_domain_validation where request_id = :request and domain = :domain",
                new MapSqlParameterSource("request", requestId).addValue("domain", domain), String.class)
                .stream().findFirst().map(ValidationMethod::valueOf);
    }

    public Optional<CertificateRequest> findRequest(UUID id) {
        return jdbc.query("select * from certflow.certificate_request where id = :id",
                new MapSqlParameterSource("id", id), CertificateStore::mapRequest).stream().findFirst();
    }

    public Optional<CertificateRequest> findLatestRequestOf(UUID certificateId) {
        return jdbc.query("select * from certflow.certificate_request where certificate_id = :id order by created_at desc",
                new MapSqlParameterSource("id", certificateId), CertificateStore::mapRequest).stream().findFirst();
    }

    public record Filter(List<String> tenantIds, CertificateStatus status, String domain, Instant expiresBefore, Boolean autoManaged) {
    }

    public List<Certificate> list(Filter filter, int offset, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("offset", offset).addValue("limit", limit);
        String sql = "select " + COLUMNS + " from certflow.certificate c" + where(filter, params)
                + " order by c.created_at desc, c.id offset :offset rows fetch next :limit rows only";
        return jdbc.query(sql, params, CertificateStore::mapCertificate);
    }

    public long count(Filter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        Long count = jdbc.queryForObject("select count(*) from certflow.certificate c" + where(filter, params), params, Long.class);
        return count == null ? 0 : count;
    }

    private static String where(Filter filter, MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (filter.tenantIds() != null) {
            if (filter.tenantIds().isEmpty()) {
                return " where 1 = 0";
            }
            where.append(" and c.tenant_id in (:tenants)");
            params.addValue("tenants", filter.tenantIds());
        }
        if (filter.status() != null) {
            where.append(" and c.status = :status");
            params.addValue("status", filter.status().name());
        }
        if (filter.domain() != null) {
            where.append(" and exists (select 1 from certflow.certificate_domain d where d.certificate_id = c.id and d.domain = :domain)");
            params.addValue("domain", filter.domain());
        }
        if (filter.expiresBefore() != null) {
            where.append(" and c.not_after < :expiresBefore");
            params.addValue("expiresBefore", Timestamp.from(filter.expiresBefore()));
        }
        if (filter.autoManaged() != null) {
            where.append(" and c.auto_managed = :autoManaged");
            params.addValue("autoManaged", filter.autoManaged());
        }
        return where.toString();
    }

    /** Moves a certificate that is not final yet to another status; a final one is never changed. */
    public boolean updateStatus(UUID certificateId, CertificateStatus status, Instant now) {
        int rows = jdbc.update("""
                update certflow.certificate set status = :status, updated_at = :now
                where id = :id and status not in ('ISSUED', 'FAILED')""",
                new MapSqlParameterSource("id", certificateId).addValue("status", status.name()).addValue("now", Timestamp.from(now)));
        jdbc.update("update certflow.certificate_request set state = :status, updated_at = :now where certificate_id = :id and state not in ('ISSUED', 'FAILED')",
                new MapSqlParameterSource("id", certificateId).addValue("status", status.name()).addValue("now", Timestamp.from(now)));
        return rows == 1;
    }

    public boolean markFailed(UUID requestId, UUID certificateId, String reason, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", certificateId).addValue("request", requestId)
                .addValue("reason", truncate(reason)).addValue("now", Timestamp.from(now));
        jdbc.update("""
                update certflow.certificate_request set state = 'FAILED', failure_reason = :reason, updated_at = :now
                where id = :request and state <> 'ISSUED'""", params);
        return jdbc.update("""
                update certflow.certificate set status = 'FAILED', failure_reason = :reason, updated_at = :now
                where id = :id and status not in ('ISSUED', 'FAILED')""", params) == 1;
    }

    public void recordProcessInstance(UUID requestId, String processInstanceId) {
        jdbc.update("update certflow.certificate_request set process_instance_id = :pi where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("pi", processInstanceId));
    }

    public void recordDecision(UUID requestId, String userId, String reason, Instant now) {
        jdbc.update("update certflow.certificate_request set decided_by = :user, decision_reason = :reason, updated_at = :now where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("user", userId).addValue("reason", truncate(reason))
                        .addValue("now", Timestamp.from(now)));
    }

    public int orderAttempts(UUID requestId) {
        Integer attempts = jdbc.queryForObject("select order_attempts from certflow.certificate_request where id = :id",
                new MapSqlParameterSource("id", requestId), Integer.class);
        return attempts == null ? 0 : attempts;
    }

    /** Drops the current order (only if it still is the current one) so that the next placement creates a new one. */
    public void forgetOrder(UUID requestId, String orderUrl, Instant now) {
        jdbc.update("update certflow.certificate_request set order_url = null, updated_at = :now where id = :id and order_url = :url",
                new MapSqlParameterSource("id", requestId).addValue("url", orderUrl).addValue("now", Timestamp.from(now)));
    }

    /** The order URL is stored before anything else uses it, so a repeated job finds the same order. */
    public void recordOrderUrl(UUID requestId, String orderUrl, Instant now) {
        jdbc.update("update certflow.certificate_request set order_url = :url, order_attempts = order_attempts + 1, updated_at = :now where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("url", orderUrl).addValue("now", Timestamp.from(now)));
    }

    /** Keeps the first key only: a repeated job must not replace the key a CSR was already sent for. */
    public boolean recordKey(UUID requestId, String privateKeyEnc, String publicKey) {
        return jdbc.update("""
                update certflow.certificate_request set private_key_enc = :key, public_key = :publicKey
                where id = :id and private_key_enc is null""",
                new MapSqlParameterSource("id", requestId).addValue("key", privateKeyEnc).addValue("publicKey", publicKey)) == 1;
    }

    public record IssuedCertificate(String serialNumber, Instant notBefore, Instant notAfter, String sha256Fingerprint,
                                    String chainPem, String privateKeyEnc) {

        /** What is stored of a chain (leaf first) and its leaf's encrypted key (null when Certflow has none). */
        public static IssuedCertificate of(java.util.List<java.security.cert.X509Certificate> chain, String privateKeyEnc) {
            java.security.cert.X509Certificate leaf = chain.get(0);
            return new IssuedCertificate(leaf.getSerialNumber().toString(16), leaf.getNotBefore().toInstant(),
                    leaf.getNotAfter().toInstant(), Pem.sha256Fingerprint(leaf), Pem.writeChain(chain), privateKeyEnc);
        }
    }

    /**
     * Completes the row of a certificate inserted as ISSUED (an upload, a repository certificate):
     * chain, encrypted key (may be null), dates, and whether it was outside its validity.
     */
    public void storeChain(UUID certificateId, IssuedCertificate uploaded, boolean outsideValidity) {
        jdbc.update("""
                update certflow.certificate set serial_number = :serial, not_before = :notBefore, not_after = :notAfter,
                    sha256_fingerprint = :fingerprint, chain_pem = :chain, private_key_enc = :key, outside_validity = :outside
                where id = :id""",
                new MapSqlParameterSource("id", certificateId).addValue("serial", uploaded.serialNumber())
                        .addValue("notBefore", Timestamp.from(uploaded.notBefore()))
                        .addValue("notAfter", Timestamp.from(uploaded.notAfter()))
                        .addValue("fingerprint", uploaded.sha256Fingerprint()).addValue("chain", uploaded.chainPem())
                        .addValue("key", uploaded.privateKeyEnc()).addValue("outside", outsideValidity));
    }

    public void setAutoManaged(UUID certificateId, boolean autoManaged, Instant now) {
        jdbc.update("update certflow.certificate set auto_managed = :managed, updated_at = :now where id = :id",
                new MapSqlParameterSource("id", certificateId).addValue("managed", autoManaged).addValue("now", Timestamp.from(now)));
    }

    /** Stores the issued certificate once; returns false when it was already stored. */
    public boolean storeIssued(UUID requestId, UUID certificateId, IssuedCertificate issued, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", certificateId)
                .addValue("request", requestId)
                .addValue("serial", issued.serialNumber())
                .addValue("notBefore", Timestamp.from(issued.notBefore()))
                .addValue("notAfter", Timestamp.from(issued.notAfter()))
                .addValue("fingerprint", issued.sha256Fingerprint())
                .addValue("chain", issued.chainPem())
                .addValue("key", issued.privateKeyEnc())
                .addValue("now", Timestamp.from(now));
        int rows = jdbc.update("""
                update certflow.certificate set status = 'ISSUED', serial_number = :serial, not_before = :notBefore,
                    not_after = :notAfter, sha256_fingerprint = :fingerprint, chain_pem = :chain, private_key_enc = :key,
                    failure_reason = null, updated_at = :now
                where id = :id and status <> 'ISSUED'""", params);
        jdbc.update("update certflow.certificate_request set state = 'ISSUED', updated_at = :now where id = :request", params);
        return rows == 1;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }

    private static Certificate mapCertificate(ResultSet rs, int row) throws SQLException {
        return new Certificate(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getObject("issuer_id", UUID.class),
                rs.getString("domains").isEmpty() ? List.of() : Arrays.asList(rs.getString("domains").split(",")),
                KeyType.valueOf(rs.getString("key_type")),
                CertificateStatus.valueOf(rs.getString("status")),
                rs.getString("failure_reason"),
                CertificateSource.valueOf(rs.getString("source")),
                rs.getBoolean("auto_managed"),
                rs.getString("serial_number"),
                instant(rs, "not_before"),
                instant(rs, "not_after"),
                rs.getString("sha256_fingerprint"),
                rs.getObject("predecessor_id", UUID.class),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getBoolean("outside_validity"));
    }

    private static CertificateRequest mapRequest(ResultSet rs, int row) throws SQLException {
        return new CertificateRequest(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getObject("certificate_id", UUID.class),
                rs.getObject("issuer_id", UUID.class),
                rs.getObject("template_id", UUID.class),
                KeyType.valueOf(rs.getString("key_type")),
                ValidationMethod.valueOf(rs.getString("validation_method")),
                rs.getBoolean("approval_required"),
                integer(rs, "validity_days"),
                rs.getString("order_url"),
                rs.getString("private_key_enc"),
                rs.getString("public_key"),
                rs.getString("process_instance_id"),
                rs.getString("requested_by"),
                instant(rs, "created_at"));
    }
}

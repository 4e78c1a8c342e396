package io.certflow.certificate;

import static io.certflow.jdbc.Columns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.crypto.KeyType;
import io.certflow.crypto.Pem;
import io.certflow.jdbc.Like;

/**
 * The certificate inventory: one row per certificate and one per name it covers (so "which
 * certificates cover this name" is an index look-up). Requests live in {@link CertificateRequestStore}.
 */
@Repository
public class CertificateStore {

    /** The purpose every certificate's private key is sealed for (KeyProtection), whoever made the key. */
    public static final String PRIVATE_KEY_PURPOSE = "certificate-key";

    private static final String COLUMNS = """
            c.id, c.tenant_id, c.issuer_id, c.key_type, c.status, c.failure_reason, c.source, c.auto_managed,
            c.serial_number, c.not_before, c.not_after, c.sha256_fingerprint, c.predecessor_id, c.created_at, c.updated_at, c.outside_validity,
            c.successor_id""";

    private final NamedParameterJdbcTemplate jdbc;
    private final RenewalRule renewalRule;

    public CertificateStore(NamedParameterJdbcTemplate jdbc) {
        this(jdbc, null);
    }

    /** @param renewalRule the rule the filter "renewed by Certflow" asks; without it, that filter is refused */
    @Autowired
    public CertificateStore(NamedParameterJdbcTemplate jdbc, RenewalRule renewalRule) {
        this.jdbc = jdbc;
        this.renewalRule = renewalRule;
    }

    public void insert(Certificate certificate) {
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, issuer_id, key_type, status, source, auto_managed,
                    predecessor_id, created_at, updated_at)
                values (:id, :tenantId, :issuerId, :keyType, :status, :source, :autoManaged, :predecessorId, :now, :now)""",
                new MapSqlParameterSource()
                        .addValue("id", certificate.id())
                        .addValue("tenantId", certificate.tenantId())
                        .addValue("issuerId", certificate.issuerId())
                        .addValue("keyType", certificate.keyType().name())
                        .addValue("status", certificate.status().name())
                        .addValue("source", certificate.source().name())
                        .addValue("autoManaged", certificate.autoManaged())
                        .addValue("predecessorId", certificate.predecessorId())
                        .addValue("now", Timestamp.from(certificate.createdAt())));
        List<String> domains = certificate.domains();
        MapSqlParameterSource[] names = IntStream.range(0, domains.size())
                .mapToObj(i -> new MapSqlParameterSource("id", certificate.id()).addValue("domain", domains.get(i)).addValue("position", i))
                .toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("insert into certflow.certificate_domain (certificate_id, domain, position) values (:id, :domain, :position)", names);
    }

    public Optional<Certificate> findCertificate(UUID id) {
        return withDomains(jdbc.query("select " + COLUMNS + " from certflow.certificate c where c.id = :id",
                new MapSqlParameterSource("id", id), CertificateStore::mapCertificate)).stream().findFirst();
    }

    public Optional<String> findChainPem(UUID id) {
        return jdbc.queryForList("select chain_pem from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", id), String.class).stream().filter(pem -> pem != null).findFirst();
    }

    public Optional<String> findPrivateKeyEnc(UUID id) {
        return jdbc.queryForList("select private_key_enc from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", id), String.class).stream().filter(key -> key != null).findFirst();
    }

    /** @param deployed true: served by at least one target now; false: issued and served by none */
    /**
     * @param source      ISSUED or UPLOADED, else any
     * @param nameContains part of one of the names (lower case), else any
     * @param expiresFrom  expiring at or after it, else any
     * @param renewedByCertflow whether Certflow will renew it ({@link RenewalRule}), else any
     * @param requestedFrom requested (its row created) at or after it, else any
     */
    public record Filter(List<String> tenantIds, CertificateStatus status, String domain, Instant expiresBefore, Boolean autoManaged,
                         Boolean deployed, CertificateSource source, String nameContains, Instant expiresFrom, Boolean renewedByCertflow,
                         Instant requestedFrom) {

        public Filter(List<String> tenantIds, CertificateStatus status, String domain, Instant expiresBefore, Boolean autoManaged,
                      Boolean deployed, CertificateSource source, String nameContains, Instant expiresFrom) {
            this(tenantIds, status, domain, expiresBefore, autoManaged, deployed, source, nameContains, expiresFrom, null, null);
        }

        public Filter(List<String> tenantIds, CertificateStatus status, String domain, Instant expiresBefore, Boolean autoManaged,
                      Boolean deployed) {
            this(tenantIds, status, domain, expiresBefore, autoManaged, deployed, null, null, null, null, null);
        }
    }

    /**
     * A certificate is deployed where its latest DEPLOYED deployment to a target was not followed by
     * another certificate's DEPLOYED deployment to that target.
     */
    private static final String DEPLOYED_SOMEWHERE = """
            exists (select 1 from certflow.deployment d where d.certificate_id = c.id and d.state = 'DEPLOYED'
                    and d.target_id is not null
                    and not exists (select 1 from certflow.deployment later where later.target_id = d.target_id
                                    and later.state = 'DEPLOYED' and later.certificate_id <> c.id
                                    and later.finished_at > d.finished_at))""";

    public List<Certificate> list(Filter filter, int offset, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("offset", offset).addValue("limit", limit);
        String sql = "select " + COLUMNS + " from certflow.certificate c" + joins(filter) + where(filter, params)
                + " order by c.created_at desc, c.id offset :offset rows fetch next :limit rows only";
        return withDomains(jdbc.query(sql, params, CertificateStore::mapCertificate));
    }

    /** The names of the certificates, in the order they were asked for, with one query for the whole page. */
    private List<Certificate> withDomains(List<Certificate> certificates) {
        if (certificates.isEmpty()) {
            return certificates;
        }
        Map<UUID, List<String>> names = new HashMap<>();
        jdbc.query("""
                select certificate_id, domain from certflow.certificate_domain where certificate_id in (:ids)
                order by certificate_id, position""",
                new MapSqlParameterSource("ids", certificates.stream().map(Certificate::id).toList()),
                (ResultSet rs) -> {
                    names.computeIfAbsent(rs.getObject("certificate_id", UUID.class), id -> new ArrayList<>()).add(rs.getString("domain"));
                });
        return certificates.stream().map(certificate -> certificate.withDomains(names.getOrDefault(certificate.id(), List.of()))).toList();
    }

    public long count(Filter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        Long count = jdbc.queryForObject("select count(*) from certflow.certificate c" + joins(filter) + where(filter, params), params,
                Long.class);
        return count == null ? 0 : count;
    }

    /** How many certificates of the tenants (null: every tenant) are in each status; a status without one is left out. */
    public Map<CertificateStatus, Long> countByStatus(List<String> tenantIds) {
        if (tenantIds != null && tenantIds.isEmpty()) {
            return Map.of();
        }
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = "";
        if (tenantIds != null) {
            where = " where c.tenant_id in (:tenants)";
            params.addValue("tenants", tenantIds);
        }
        Map<CertificateStatus, Long> counts = new java.util.EnumMap<>(CertificateStatus.class);
        jdbc.query("select c.status, count(*) as n from certflow.certificate c" + where + " group by c.status", params,
                (ResultSet rs) -> {
                    counts.put(CertificateStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    private String joins(Filter filter) {
        if (filter.renewedByCertflow() == null) {
            return "";
        }
        if (renewalRule == null) {
            throw new IllegalStateException("no renewal rule: the filter 'renewed by Certflow' needs renewal's RenewalRule");
        }
        return renewalRule.joins();
    }

    private String where(Filter filter, MapSqlParameterSource params) {
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
        if (filter.expiresFrom() != null) {
            where.append(" and c.not_after >= :expiresFrom");
            params.addValue("expiresFrom", Timestamp.from(filter.expiresFrom()));
        }
        if (filter.autoManaged() != null) {
            where.append(" and c.auto_managed = :autoManaged");
            params.addValue("autoManaged", filter.autoManaged());
        }
        if (filter.source() != null) {
            where.append(" and c.source = :source");
            params.addValue("source", filter.source().name());
        }
        if (filter.nameContains() != null) {
            where.append(" and exists (select 1 from certflow.certificate_domain n where n.certificate_id = c.id"
                    + " and n.domain like :nameContains" + Like.ESCAPE + ")");
            params.addValue("nameContains", Like.containing(filter.nameContains()));
        }
        if (filter.requestedFrom() != null) {
            where.append(" and c.created_at >= :requestedFrom");
            params.addValue("requestedFrom", Timestamp.from(filter.requestedFrom()));
        }
        if (filter.renewedByCertflow() != null) {
            where.append(" and (case when ").append(renewalRule.renewedExpression()).append(" then 1 else 0 end) = ")
                    .append(filter.renewedByCertflow() ? 1 : 0);
        }
        if (Boolean.TRUE.equals(filter.deployed())) {
            where.append(" and ").append(DEPLOYED_SOMEWHERE);
        } else if (Boolean.FALSE.equals(filter.deployed())) {
            where.append(" and c.status = 'ISSUED' and not ").append(DEPLOYED_SOMEWHERE);
        }
        return where.toString();
    }

    /**
     * Marks an issued certificate as replaced by its successor. A certificate that is not ISSUED (any
     * more) is left alone, so superseding twice changes nothing.
     */
    public boolean supersede(UUID certificateId, UUID successorId, Instant now) {
        return jdbc.update("""
                update certflow.certificate set status = 'SUPERSEDED', successor_id = :successor, updated_at = :now
                where id = :id and status = 'ISSUED'""",
                new MapSqlParameterSource("id", certificateId).addValue("successor", successorId)
                        .addValue("now", Timestamp.from(now))) == 1;
    }

    /** The certificate that replaced this one, if any. */
    public Optional<UUID> findSuccessorId(UUID certificateId) {
        return jdbc.queryForList("select successor_id from certflow.certificate where id = :id",
                new MapSqlParameterSource("id", certificateId), UUID.class).stream().filter(id -> id != null).findFirst();
    }

    /** Moves a certificate that is not final yet to another status; a final one is never changed. */
    public boolean updateStatus(UUID certificateId, CertificateStatus status, Instant now) {
        return jdbc.update("""
                update certflow.certificate set status = :status, updated_at = :now
                where id = :id and status not in (:final)""",
                new MapSqlParameterSource("id", certificateId).addValue("status", status.name()).addValue("now", Timestamp.from(now))
                        .addValue("final", CertificateStatus.finalNames())) == 1;
    }

    /** Ends a certificate that is not final yet as FAILED with the reason. */
    public boolean markFailed(UUID certificateId, String reason, Instant now) {
        return jdbc.update("""
                update certflow.certificate set status = :failed, failure_reason = :reason, updated_at = :now
                where id = :id and status not in (:final)""",
                new MapSqlParameterSource("id", certificateId).addValue("reason", FailureText.bounded(reason))
                        .addValue("now", Timestamp.from(now)).addValue("failed", CertificateStatus.FAILED.name())
                        .addValue("final", CertificateStatus.finalNames())) == 1;
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
    public boolean storeIssued(UUID certificateId, IssuedCertificate issued, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", certificateId)
                .addValue("issued", CertificateStatus.ISSUED.name())
                .addValue("serial", issued.serialNumber())
                .addValue("notBefore", Timestamp.from(issued.notBefore()))
                .addValue("notAfter", Timestamp.from(issued.notAfter()))
                .addValue("fingerprint", issued.sha256Fingerprint())
                .addValue("chain", issued.chainPem())
                .addValue("key", issued.privateKeyEnc())
                .addValue("now", Timestamp.from(now));
        return jdbc.update("""
                update certflow.certificate set status = :issued, serial_number = :serial, not_before = :notBefore,
                    not_after = :notAfter, sha256_fingerprint = :fingerprint, chain_pem = :chain, private_key_enc = :key,
                    failure_reason = null, updated_at = :now
                where id = :id and status <> :issued""", params) == 1;
    }

    private static Certificate mapCertificate(ResultSet rs, int row) throws SQLException {
        return new Certificate(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getObject("issuer_id", UUID.class),
                List.of(),
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
                rs.getBoolean("outside_validity"),
                rs.getObject("successor_id", UUID.class));
    }
}

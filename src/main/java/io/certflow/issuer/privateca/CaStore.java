package io.certflow.issuer.privateca;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class CaStore {

    private final NamedParameterJdbcTemplate jdbc;

    public CaStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CertificateAuthority ca) {
        jdbc.update("""
                insert into certflow.certificate_authority (id, tenant_id, name, root_pem, root_key_enc, intermediate_pem,
                    intermediate_key_enc, created_at)
                values (:id, :tenantId, :name, :rootPem, :rootKeyEnc, :intermediatePem, :intermediateKeyEnc, :createdAt)""",
                new MapSqlParameterSource()
                        .addValue("id", ca.id())
                        .addValue("tenantId", ca.tenantId())
                        .addValue("name", ca.name())
                        .addValue("rootPem", ca.rootPem())
                        .addValue("rootKeyEnc", ca.rootKeyEnc())
                        .addValue("intermediatePem", ca.intermediatePem())
                        .addValue("intermediateKeyEnc", ca.intermediateKeyEnc())
                        .addValue("createdAt", Timestamp.from(ca.createdAt())));
    }

    public Optional<CertificateAuthority> findById(UUID id) {
        return jdbc.query("select * from certflow.certificate_authority where id = :id",
                new MapSqlParameterSource("id", id), CaStore::map).stream().findFirst();
    }

    private static CertificateAuthority map(ResultSet rs, int row) throws SQLException {
        return new CertificateAuthority(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("name"),
                rs.getString("root_pem"),
                rs.getString("root_key_enc"),
                rs.getString("intermediate_pem"),
                rs.getString("intermediate_key_enc"),
                rs.getTimestamp("created_at").toInstant());
    }
}

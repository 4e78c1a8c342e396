package io.certflow.dns;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.jdbc.TenantRows;

@Repository
public class DnsZoneStore {

    private final NamedParameterJdbcTemplate jdbc;

    public DnsZoneStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(DnsZone zone) {
        jdbc.update("""
                insert into certflow.dns_zone (id, tenant_id, zone, primary_host, primary_port, tsig_key_name, tsig_algorithm,
                    tsig_secret_enc, created_at, updated_at)
                values (:id, :tenantId, :zone, :host, :port, :keyName, :algorithm, :secret, :createdAt, :updatedAt)""",
                params(zone));
    }

    /** Replaces the server and key of a zone (e.g. a rotated TSIG secret); the zone name stays. */
    public void update(DnsZone zone) {
        jdbc.update("""
                update certflow.dns_zone set primary_host = :host, primary_port = :port, tsig_key_name = :keyName,
                    tsig_algorithm = :algorithm, tsig_secret_enc = :secret, updated_at = :updatedAt
                where id = :id""", params(zone));
    }

    public void delete(UUID id) {
        jdbc.update("delete from certflow.dns_zone where id = :id", new MapSqlParameterSource("id", id));
    }

    public Optional<DnsZone> findById(UUID id) {
        return jdbc.query("select * from certflow.dns_zone where id = :id", new MapSqlParameterSource("id", id), DnsZoneStore::map)
                .stream().findFirst();
    }

    public Optional<DnsZone> findByZone(String tenantId, String zone) {
        return jdbc.query("select * from certflow.dns_zone where tenant_id = :tenant and zone = :zone",
                new MapSqlParameterSource("tenant", tenantId).addValue("zone", zone), DnsZoneStore::map).stream().findFirst();
    }

    /** The zones of these tenants; {@code null}: of every tenant (the administrator's view). */
    public List<DnsZone> list(Collection<String> tenantIds) {
        return TenantRows.list(jdbc, "certflow.dns_zone", "tenant_id, zone", tenantIds, DnsZoneStore::map);
    }

    private static MapSqlParameterSource params(DnsZone zone) {
        return new MapSqlParameterSource()
                .addValue("id", zone.id())
                .addValue("tenantId", zone.tenantId())
                .addValue("zone", zone.zone())
                .addValue("host", zone.primaryHost())
                .addValue("port", zone.primaryPort())
                .addValue("keyName", zone.tsigKeyName())
                .addValue("algorithm", zone.tsigAlgorithm())
                .addValue("secret", zone.tsigSecretEnc())
                .addValue("createdAt", timestamp(zone.createdAt()))
                .addValue("updatedAt", timestamp(zone.updatedAt()));
    }

    private static DnsZone map(ResultSet rs, int row) throws SQLException {
        return new DnsZone(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("zone"),
                rs.getString("primary_host"), rs.getInt("primary_port"), rs.getString("tsig_key_name"),
                rs.getString("tsig_algorithm"), rs.getString("tsig_secret_enc"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}

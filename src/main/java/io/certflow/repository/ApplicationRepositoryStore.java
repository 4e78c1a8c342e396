package io.certflow.repository;

import static io.certflow.jdbc.Columns.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.jdbc.TenantRows;

@org.springframework.stereotype.Repository
public class ApplicationRepositoryStore {

    private final NamedParameterJdbcTemplate jdbc;

    public ApplicationRepositoryStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApplicationRepository repository) {
        jdbc.update("""
                insert into certflow.repository (id, tenant_id, name, data_source, ca_id, state, created_at, updated_at)
                values (:id, :tenant, :name, :dataSource, :ca, :state, :now, :now)""",
                new MapSqlParameterSource("id", repository.id()).addValue("tenant", repository.tenantId())
                        .addValue("name", repository.name())
                        .addValue("dataSource", repository.dataSource() == null ? null : repository.dataSource().name())
                        .addValue("ca", repository.caId()).addValue("state", repository.state().name())
                        .addValue("now", Timestamp.from(repository.createdAt())));
    }

    public Optional<ApplicationRepository> findById(UUID id) {
        return jdbc.query("select * from certflow.repository where id = :id", new MapSqlParameterSource("id", id),
                ApplicationRepositoryStore::map).stream().findFirst();
    }

    public Optional<ApplicationRepository> findByName(String tenantId, String name) {
        return jdbc.query("select * from certflow.repository where tenant_id = :tenant and name = :name",
                new MapSqlParameterSource("tenant", tenantId).addValue("name", name), ApplicationRepositoryStore::map).stream().findFirst();
    }

    public Optional<ApplicationRepository> findByCa(UUID caId) {
        return jdbc.query("select * from certflow.repository where ca_id = :ca", new MapSqlParameterSource("ca", caId),
                ApplicationRepositoryStore::map).stream().findFirst();
    }

    /** The repositories of these tenants; {@code null}: of every tenant (the administrator's view). */
    public List<ApplicationRepository> list(Collection<String> tenantIds) {
        return TenantRows.list(jdbc, "certflow.repository", "tenant_id, name", tenantIds, ApplicationRepositoryStore::map);
    }

    public void rename(UUID id, String name, Instant now) {
        jdbc.update("update certflow.repository set name = :name, updated_at = :now where id = :id",
                new MapSqlParameterSource("id", id).addValue("name", name).addValue("now", Timestamp.from(now)));
    }

    /** Clears data source, CA binding and membership; only an ENABLED repository changes, so a repeated reset is a no-op. */
    public boolean reset(UUID id, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id).addValue("now", Timestamp.from(now));
        int rows = jdbc.update("""
                update certflow.repository set data_source = null, ca_id = null, state = 'RESET', updated_at = :now
                where id = :id and state = 'ENABLED'""", params);
        jdbc.update("delete from certflow.repository_certificate where repository_id = :id", params);
        return rows == 1;
    }

    public boolean enable(UUID id, ApplicationRepositoryDataSource dataSource, UUID caId, Instant now) {
        return jdbc.update("""
                update certflow.repository set data_source = :dataSource, ca_id = :ca, state = 'ENABLED', updated_at = :now
                where id = :id and state = 'RESET'""",
                new MapSqlParameterSource("id", id).addValue("dataSource", dataSource.name()).addValue("ca", caId)
                        .addValue("now", Timestamp.from(now))) == 1;
    }

    /** Deletes a RESET repository; false, and nothing changed, when it is not (any more) in that state. */
    public boolean deleteIfReset(UUID id) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id);
        jdbc.update("""
                delete from certflow.repository_certificate where repository_id = :id
                and exists (select 1 from certflow.repository r where r.id = :id and r.state = 'RESET')""", params);
        return jdbc.update("delete from certflow.repository where id = :id and state = 'RESET'", params) == 1;
    }

    public void addCertificate(UUID repositoryId, UUID certificateId) {
        jdbc.update("insert into certflow.repository_certificate (repository_id, certificate_id) values (:repository, :certificate)",
                new MapSqlParameterSource("repository", repositoryId).addValue("certificate", certificateId));
    }

    public List<UUID> certificates(UUID repositoryId) {
        return jdbc.queryForList("""
                select rc.certificate_id from certflow.repository_certificate rc
                join certflow.certificate c on c.id = rc.certificate_id
                where rc.repository_id = :id order by c.created_at, c.id""",
                new MapSqlParameterSource("id", repositoryId), UUID.class);
    }

    private static ApplicationRepository map(ResultSet rs, int row) throws SQLException {
        String dataSource = rs.getString("data_source");
        return new ApplicationRepository(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("name"),
                dataSource == null ? null : ApplicationRepositoryDataSource.valueOf(dataSource), rs.getObject("ca_id", UUID.class),
                ApplicationRepositoryState.valueOf(rs.getString("state")), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}

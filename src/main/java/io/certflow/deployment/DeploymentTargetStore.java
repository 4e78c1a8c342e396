package io.certflow.deployment;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.integer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.jdbc.TenantRows;

@Repository
public class DeploymentTargetStore {

    private final NamedParameterJdbcTemplate jdbc;

    public DeploymentTargetStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(DeploymentTarget target) {
        jdbc.update("""
                insert into certflow.deployment_target (id, tenant_id, name, kind, certificate_path, chain_path, full_chain_path,
                    key_path, file_mode, key_mode, file_owner, file_group, keystore_path, keystore_format, keystore_alias,
                    keystore_password, ssh_host, ssh_port, ssh_user, ssh_host_key_fingerprint, ssh_private_key, ssh_password,
                    verify_host, verify_port, verify_server_name, reload_command, created_at, updated_at)
                values (:id, :tenantId, :name, :kind, :certificatePath, :chainPath, :fullChainPath, :keyPath, :fileMode, :keyMode,
                    :owner, :group, :keystorePath, :keystoreFormat, :keystoreAlias, :keystorePassword, :sshHost, :sshPort, :sshUser,
                    :sshHostKeyFingerprint, :sshPrivateKey, :sshPassword, :verifyHost, :verifyPort,
                    :verifyServerName, :reloadCommand, :createdAt, :updatedAt)""",
                params(target));
    }

    /** Replaces everything but the tenant and the creation time. */
    public void update(DeploymentTarget target) {
        jdbc.update("""
                update certflow.deployment_target set name = :name, kind = :kind, certificate_path = :certificatePath,
                    chain_path = :chainPath, full_chain_path = :fullChainPath, key_path = :keyPath, file_mode = :fileMode,
                    key_mode = :keyMode, file_owner = :owner, file_group = :group, keystore_path = :keystorePath,
                    keystore_format = :keystoreFormat, keystore_alias = :keystoreAlias, keystore_password = :keystorePassword,
                    ssh_host = :sshHost, ssh_port = :sshPort, ssh_user = :sshUser, ssh_host_key_fingerprint = :sshHostKeyFingerprint,
                    ssh_private_key = :sshPrivateKey, ssh_password = :sshPassword,
                    verify_host = :verifyHost,
                    verify_port = :verifyPort, verify_server_name = :verifyServerName, reload_command = :reloadCommand,
                    updated_at = :updatedAt
                where id = :id""", params(target));
    }

    public void delete(UUID id) {
        jdbc.update("delete from certflow.deployment_target where id = :id", new MapSqlParameterSource("id", id));
    }

    public Optional<DeploymentTarget> findById(UUID id) {
        return jdbc.query("select * from certflow.deployment_target where id = :id", new MapSqlParameterSource("id", id),
                DeploymentTargetStore::map).stream().findFirst();
    }

    public Optional<DeploymentTarget> findByName(String tenantId, String name) {
        return jdbc.query("select * from certflow.deployment_target where tenant_id = :tenant and name = :name",
                new MapSqlParameterSource("tenant", tenantId).addValue("name", name), DeploymentTargetStore::map).stream().findFirst();
    }

    /** The targets of these tenants; {@code null}: of every tenant (the administrator's view). */
    public List<DeploymentTarget> list(Collection<String> tenantIds) {
        return TenantRows.list(jdbc, "certflow.deployment_target", "tenant_id, name", tenantIds, DeploymentTargetStore::map);
    }

    private static MapSqlParameterSource params(DeploymentTarget target) {
        // A keystore is written with the key's mode; the mode columns are not null for every kind.
        PemFiles files = target.files() != null ? target.files()
                : new PemFiles(null, null, null, null, KeystoreFile.MODE, KeystoreFile.MODE, null, null);
        KeystoreFile keystore = target.keystore();
        SshLogin ssh = target.ssh();
        VerifyEndpoint verify = target.verify();
        return new MapSqlParameterSource()
                .addValue("id", target.id())
                .addValue("tenantId", target.tenantId())
                .addValue("name", target.name())
                .addValue("kind", target.kind().name())
                .addValue("certificatePath", files.certificatePath())
                .addValue("chainPath", files.chainPath())
                .addValue("fullChainPath", files.fullChainPath())
                .addValue("keyPath", files.keyPath())
                .addValue("fileMode", files.fileMode())
                .addValue("keyMode", files.keyMode())
                .addValue("owner", files.owner())
                .addValue("group", files.group())
                .addValue("keystorePath", keystore == null ? null : keystore.path())
                .addValue("keystoreFormat", keystore == null ? null : keystore.format().name())
                .addValue("keystoreAlias", keystore == null ? null : keystore.alias())
                .addValue("keystorePassword", keystore == null ? null : keystore.sealedPassword())
                .addValue("sshHost", ssh == null ? null : ssh.host())
                .addValue("sshPort", ssh == null ? null : ssh.port())
                .addValue("sshUser", ssh == null ? null : ssh.user())
                .addValue("sshHostKeyFingerprint", ssh == null ? null : ssh.hostKeyFingerprint())
                .addValue("sshPrivateKey", ssh == null ? null : ssh.sealedPrivateKey())
                .addValue("sshPassword", ssh == null ? null : ssh.sealedPassword())
                .addValue("verifyHost", verify == null ? null : verify.host())
                .addValue("verifyPort", verify == null ? null : verify.port())
                .addValue("verifyServerName", verify == null ? null : verify.serverName())
                .addValue("reloadCommand", target.reloadCommand())
                .addValue("createdAt", Timestamp.from(target.createdAt()))
                .addValue("updatedAt", Timestamp.from(target.updatedAt()));
    }

    private static DeploymentTarget map(ResultSet rs, int row) throws SQLException {
        String verifyHost = rs.getString("verify_host");
        DeploymentTargetKind kind = DeploymentTargetKind.valueOf(rs.getString("kind"));
        return new DeploymentTarget(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("name"),
                kind,
                kind == DeploymentTargetKind.KEYSTORE ? null
                        : new PemFiles(rs.getString("certificate_path"), rs.getString("chain_path"), rs.getString("full_chain_path"),
                        rs.getString("key_path"), rs.getString("file_mode"), rs.getString("key_mode"), rs.getString("file_owner"),
                        rs.getString("file_group")),
                kind != DeploymentTargetKind.KEYSTORE ? null
                        : new KeystoreFile(rs.getString("keystore_path"), KeystoreFormat.valueOf(rs.getString("keystore_format")),
                        rs.getString("keystore_alias"), rs.getString("keystore_password")),
                kind != DeploymentTargetKind.SSH ? null
                        : new SshLogin(rs.getString("ssh_host"), integer(rs, "ssh_port"), rs.getString("ssh_user"),
                        rs.getString("ssh_host_key_fingerprint"), rs.getString("ssh_private_key"), rs.getString("ssh_password")),
                verifyHost == null ? null : new VerifyEndpoint(verifyHost, integer(rs, "verify_port"), rs.getString("verify_server_name")),
                rs.getString("reload_command"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}

package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.deployment.DeploymentTarget;
import io.certflow.deployment.DeploymentTargetKind;
import io.certflow.deployment.DeploymentTargetService;
import io.certflow.deployment.DeploymentTargetService.TargetSettings;
import io.certflow.deployment.KeystoreFile;
import io.certflow.deployment.KeystoreFormat;
import io.certflow.deployment.KeystoreSettings;
import io.certflow.deployment.PemFiles;
import io.certflow.deployment.SshLogin;
import io.certflow.deployment.SshLoginSettings;
import io.certflow.deployment.VerifyEndpoint;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@RequestMapping(value = "/api/deployment-targets", produces = MediaType.APPLICATION_JSON_VALUE)
class DeploymentTargetController {

    private final DeploymentTargetService targets;

    DeploymentTargetController(DeploymentTargetService targets) {
        this.targets = targets;
    }

    record FilesBody(@Size(max = Limits.PATH, message = Limits.CHARACTERS) String certificatePath,
                     @Size(max = Limits.PATH, message = Limits.CHARACTERS) String chainPath,
                     @Size(max = Limits.PATH, message = Limits.CHARACTERS) String fullChainPath,
                     @Size(max = Limits.PATH, message = Limits.CHARACTERS) String keyPath,
                     @Size(max = Limits.WORD, message = Limits.CHARACTERS) String fileMode,
                     @Size(max = Limits.WORD, message = Limits.CHARACTERS) String keyMode,
                     @Size(max = Limits.WORD, message = Limits.CHARACTERS) String owner,
                     @Size(max = Limits.WORD, message = Limits.CHARACTERS) String group) {
    }

    record KeystoreBody(@Size(max = Limits.PATH, message = Limits.CHARACTERS) String path,
                        @Size(max = Limits.WORD, message = Limits.CHARACTERS) String format,
                        @Size(max = Limits.WORD, message = Limits.CHARACTERS) String alias,
                        String password) {

        @Override
        public String toString() {
            return "KeystoreBody[path=" + path + ", format=" + format + ", alias=" + alias + ", password not shown]";
        }
    }

    /** The secrets are bounded here only so that nothing unbounded is read; SshChecks says what they must be. */
    record SshBody(@Size(max = Limits.DNS_NAME, message = Limits.CHARACTERS) String host, Integer port,
                   @Size(max = Limits.NAME, message = Limits.CHARACTERS) String user,
                   @Size(max = Limits.SSH_PRIVATE_KEY, message = Limits.CHARACTERS) String privateKey,
                   @Size(max = Limits.SECRET, message = Limits.CHARACTERS) String password,
                   @Size(max = Limits.NAME, message = Limits.CHARACTERS) String hostKeyFingerprint) {

        @Override
        public String toString() {
            return "SshBody[host=" + host + ", port=" + port + ", user=" + user + ", hostKeyFingerprint=" + hostKeyFingerprint
                    + ", secret not shown]";
        }
    }

    @Schema(name = "VerifyEndpointBody")
    record VerifyBody(@Size(max = Limits.DNS_NAME, message = Limits.CHARACTERS) String host, int port,
                      @Size(max = Limits.DNS_NAME, message = Limits.DOMAIN_NAME) String serverName) {
    }

    record TargetBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                      @Size(max = Limits.NAME, message = Limits.CHARACTERS) String name,
                      @Size(max = Limits.WORD, message = Limits.CHARACTERS) String kind,
                      @Valid FilesBody files,
                      @Valid KeystoreBody keystore,
                      @Valid SshBody ssh,
                      @Valid VerifyBody verify,
                      @Size(max = Limits.WORD, message = Limits.CHARACTERS) String reloadCommand) {

        TargetSettings settings() {
            PemFiles pem = files == null ? null : new PemFiles(files.certificatePath(), files.chainPath(), files.fullChainPath(),
                    files.keyPath(), files.fileMode(), files.keyMode(), files.owner(), files.group());
            VerifyEndpoint endpoint = verify == null ? null : new VerifyEndpoint(verify.host(), verify.port(), verify.serverName());
            KeystoreSettings store = keystore == null ? null
                    : new KeystoreSettings(keystore.path(), keystore.format(), keystore.alias(), keystore.password());
            SshLoginSettings login = ssh == null ? null : new SshLoginSettings(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(),
                    ssh.password(), ssh.hostKeyFingerprint());
            return new TargetSettings(tenant, name, kind, pem, store, login, endpoint, reloadCommand);
        }
    }

    /** The password is never sent back, not even sealed: only that one is set. */
    record KeystoreView(String path, KeystoreFormat format, String alias, boolean passwordSet) {
        static KeystoreView of(KeystoreFile keystore) {
            return keystore == null ? null
                    : new KeystoreView(keystore.path(), keystore.format(), keystore.alias(), keystore.sealedPassword() != null);
        }
    }

    /** Neither secret is sent back, not even sealed: only which one is set. */
    record SshView(String host, int port, String user, String hostKeyFingerprint, boolean privateKeySet, boolean passwordSet) {
        static SshView of(SshLogin login) {
            return login == null ? null
                    : new SshView(login.host(), login.port(), login.user(), login.hostKeyFingerprint(),
                    login.sealedPrivateKey() != null, login.sealedPassword() != null);
        }
    }

    record TargetView(UUID id, String tenant, String name, DeploymentTargetKind kind, PemFiles files, KeystoreView keystore,
                      SshView ssh, VerifyEndpoint verify, String reloadCommand, Instant createdAt, Instant updatedAt) {
        static TargetView of(DeploymentTarget target) {
            return new TargetView(target.id(), target.tenantId(), target.name(), target.kind(), target.files(),
                    KeystoreView.of(target.keystore()), SshView.of(target.ssh()), target.verify(), target.reloadCommand(),
                    target.createdAt(), target.updatedAt());
        }
    }

    @ApiResponse(responseCode = "201", description = "The target, created")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TargetView> create(Caller caller, @Valid @RequestBody TargetBody body) {
        DeploymentTarget target = targets.create(caller, body.settings());
        return ResponseEntity.created(URI.create("/api/deployment-targets/" + target.id())).body(TargetView.of(target));
    }

    @GetMapping
    List<TargetView> list(Caller caller) {
        return targets.list(caller).stream().map(TargetView::of).toList();
    }

    @GetMapping("/{id}")
    TargetView get(Caller caller, @PathVariable UUID id) {
        return TargetView.of(targets.get(caller, id));
    }

    @PutMapping(value = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    TargetView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody TargetBody body) {
        return TargetView.of(targets.update(caller, id, body.settings()));
    }

    @ApiResponse(responseCode = "204", description = "Removed (with force=true, its certificates unbound)")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id, @RequestParam(defaultValue = "false") boolean force) {
        targets.delete(caller, id, force);
        return ResponseEntity.noContent().build();
    }
}

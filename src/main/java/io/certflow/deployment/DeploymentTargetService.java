package io.certflow.deployment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyProtection;
import io.certflow.dns.HostPort;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * The deployment targets of a tenant. Only its administrators create, change and remove them, since a
 * target writes files and runs a command on a real machine; every member sees them.
 */
@Service
@Transactional
public class DeploymentTargetService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** POSIX portable user and group names, as useradd accepts them. */
    private static final Pattern ACCOUNT = Pattern.compile("[a-z_][a-z0-9_-]{0,30}\\$?");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");
    static final String DEFAULT_FILE_MODE = "0644";
    static final String DEFAULT_KEY_MODE = "0600";

    private final DeploymentTargetStore targets;
    private final DeploymentStore deployments;
    private final DeploymentSettings settings;
    private final AllowedPaths allowedPaths;
    private final KeystoreChecks keystoreChecks;
    private final SshChecks sshChecks;
    private final Clock clock;

    public DeploymentTargetService(DeploymentTargetStore targets, DeploymentStore deployments, DeploymentSettings settings,
                                   KeyProtection protection, Clock clock) {
        this.targets = targets;
        this.deployments = deployments;
        this.settings = settings;
        this.allowedPaths = new AllowedPaths(settings.allowedRoots());
        this.keystoreChecks = new KeystoreChecks(allowedPaths, protection);
        this.sshChecks = new SshChecks(protection);
        this.clock = clock;
    }

    /** What the API sends: a target's settings, checked here before anything is stored. */
    public record TargetSettings(String tenant, String name, String kind, PemFiles files, KeystoreSettings keystore,
                                 SshLoginSettings ssh, VerifyEndpoint verify, String reloadCommand) {

        public TargetSettings(String tenant, String name, String kind, PemFiles files, KeystoreSettings keystore,
                              VerifyEndpoint verify, String reloadCommand) {
            this(tenant, name, kind, files, keystore, null, verify, reloadCommand);
        }
    }

    public DeploymentTarget create(Caller caller, TargetSettings settings) {
        String tenantId = caller.tenantForNewRow(settings.tenant());
        caller.requireAdministratorOf(tenantId, "create deployment targets");
        Instant now = clock.instant();
        DeploymentTarget target = checked(settings, null, UUID.randomUUID(), tenantId, now, now);
        if (targets.findByName(tenantId, target.name()).isPresent()) {
            throw new ConflictException("A deployment target named '" + target.name() + "' exists already; change it with"
                    + " PUT /api/deployment-targets/{id}");
        }
        targets.insert(target);
        return target;
    }

    /** Replaces a target's settings; its id, tenant and creation time stay. */
    public DeploymentTarget update(Caller caller, UUID id, TargetSettings settings) {
        DeploymentTarget current = get(caller, id);
        caller.requireAdministratorOf(current.tenantId(), "change deployment targets");
        refuseWhileInFlight(current, "changed");
        DeploymentTarget changed = checked(settings, current, current.id(), current.tenantId(), current.createdAt(),
                clock.instant());
        targets.findByName(current.tenantId(), changed.name()).filter(other -> !other.id().equals(id)).ifPresent(other -> {
            throw new ConflictException("Another deployment target is named '" + changed.name() + "'");
        });
        targets.update(changed);
        return changed;
    }

    /**
     * Removes a target. Certificates bound to it would silently stop being redeployed there on renewal,
     * so that takes {@code force}, which unbinds them; a target a deployment writes right now is never removed.
     */
    public void delete(Caller caller, UUID id, boolean force) {
        DeploymentTarget target = get(caller, id);
        caller.requireAdministratorOf(target.tenantId(), "remove deployment targets");
        refuseWhileInFlight(target, "removed");
        long bound = deployments.countBindings(target.id());
        if (bound > 0 && !force) {
            throw new ConflictException(bound + (bound == 1 ? " certificate is" : " certificates are") + " bound to deployment target '"
                    + target.name() + "' and would be redeployed there when renewed; DELETE with ?force=true unbinds "
                    + (bound == 1 ? "it" : "them") + " and removes the target");
        }
        deployments.unbindAll(target.id());
        targets.delete(target.id());
    }

    private void refuseWhileInFlight(DeploymentTarget target, String what) {
        deployments.findInFlightTo(target.id()).ifPresent(inFlight -> {
            throw new ConflictException("Deployment " + inFlight.id() + " is writing deployment target '" + target.name()
                    + "' now (" + inFlight.state() + "); the target can be " + what + " once it has ended");
        });
    }

    @Transactional(readOnly = true)
    public DeploymentTarget get(Caller caller, UUID id) {
        return caller.requireVisible(targets.findById(id), DeploymentTarget::tenantId, "Deployment target", id);
    }

    @Transactional(readOnly = true)
    public List<DeploymentTarget> list(Caller caller) {
        return targets.list(caller.visibleTenants());
    }

    /** @param current the stored target being changed, whose secrets stay when none is given; null on create */
    private DeploymentTarget checked(TargetSettings given, DeploymentTarget current, UUID id, String tenantId,
                                     Instant createdAt, Instant updatedAt) {
        List<String> problems = new ArrayList<>();
        if (given.name() == null || !NAME.matcher(given.name()).matches()) {
            problems.add("name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        DeploymentTargetKind kind = kind(given.kind(), problems);
        boolean remote = kind == DeploymentTargetKind.SSH;
        PemFiles files = kind == DeploymentTargetKind.PEM_FILES || remote ? files(given.files(), remote, problems) : null;
        KeystoreFile keystore = kind == DeploymentTargetKind.KEYSTORE
                ? keystoreChecks.checked(given.keystore(), current == null ? null : current.keystore(), problems) : null;
        SshLogin ssh = remote ? sshChecks.checked(given.ssh(), current == null ? null : current.ssh(), problems) : null;
        if (kind == DeploymentTargetKind.KEYSTORE && given.files() != null) {
            problems.add("files: a KEYSTORE target writes one keystore file, named by keystore.path; leave files out");
        }
        if ((kind == DeploymentTargetKind.PEM_FILES || remote) && given.keystore() != null) {
            problems.add("keystore: only a KEYSTORE target has a keystore; leave it out, or make the kind KEYSTORE");
        }
        if (kind != null && !remote && given.ssh() != null) {
            problems.add("ssh: only an SSH target logs in to another host; leave ssh out, or make the kind SSH");
        }
        VerifyEndpoint verify = verify(given.verify(), problems);
        if (given.reloadCommand() != null && !settings.reloadCommands().containsKey(given.reloadCommand())) {
            problems.add("reloadCommand: no reload command of that name is configured; the configured ones are "
                    + settings.reloadCommands().keySet().stream().sorted().toList()
                    + " (an administrator of the host defines them in certflow.deployment.reload-commands)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new DeploymentTarget(id, tenantId, given.name(), kind, files, keystore, ssh, verify, given.reloadCommand(),
                createdAt, updatedAt);
    }

    private static DeploymentTargetKind kind(String text, List<String> problems) {
        if (text != null && text.toUpperCase(Locale.ROOT).equals(text)) {
            for (DeploymentTargetKind kind : DeploymentTargetKind.values()) {
                if (kind.name().equals(text)) {
                    return kind;
                }
            }
        }
        problems.add("kind: must be PEM_FILES, KEYSTORE or SSH");
        return null;
    }

    /** @param remote the paths are on another host (SSH): {@link RemotePaths}, not the allowed roots of this one */
    private PemFiles files(PemFiles given, boolean remote, List<String> problems) {
        if (given == null || given.certificatePath() == null && given.chainPath() == null && given.fullChainPath() == null
                && given.keyPath() == null) {
            problems.add("files: name at least one of certificatePath, chainPath, fullChainPath and keyPath");
            return null;
        }
        path("files.certificatePath", given.certificatePath(), remote, problems);
        path("files.chainPath", given.chainPath(), remote, problems);
        path("files.fullChainPath", given.fullChainPath(), remote, problems);
        path("files.keyPath", given.keyPath(), remote, problems);
        String fileMode = mode("files.fileMode", given.fileMode(), DEFAULT_FILE_MODE, problems);
        String keyMode = mode("files.keyMode", given.keyMode(), DEFAULT_KEY_MODE, problems);
        if (keyMode != null && (Integer.parseInt(keyMode, 8) & 0007) != 0) {
            problems.add("files.keyMode: a private key is never readable or writable by others; the last digit must be 0");
        }
        if (remote) {
            sshChecks.checkFiles(given, problems);
        } else {
            account("files.owner", given.owner(), problems);
            account("files.group", given.group(), problems);
        }
        return new PemFiles(given.certificatePath(), given.chainPath(), given.fullChainPath(), given.keyPath(), fileMode, keyMode,
                given.owner(), given.group());
    }

    private void path(String field, String path, boolean remote, List<String> problems) {
        if (path != null) {
            String problem = remote ? RemotePaths.problemWith(field, path) : allowedPaths.problemWith(field, path);
            if (problem != null) {
                problems.add(problem);
            }
        }
    }

    private static String mode(String field, String text, String fallback, List<String> problems) {
        if (text == null) {
            return fallback;
        }
        if (!MODE.matcher(text).matches()) {
            problems.add(field + ": an octal mode such as " + fallback);
            return null;
        }
        return text.length() == 3 ? "0" + text : text;
    }

    private static void account(String field, String name, List<String> problems) {
        if (name != null && !ACCOUNT.matcher(name).matches()) {
            problems.add(field + ": a user or group name of lower-case letters, digits, '_' and '-', at most 32 characters");
        }
    }

    private static VerifyEndpoint verify(VerifyEndpoint given, List<String> problems) {
        if (given == null) {
            return null;
        }
        String hostProblem = HostPort.problemWithHost(given.host());
        if (hostProblem != null) {
            problems.add("verify.host: " + hostProblem);
        }
        if (given.port() < 1 || given.port() > 65535) {
            problems.add("verify.port: a number from 1 to 65535");
        }
        String serverName = given.serverName();
        if (serverName != null && DomainNames.problemWith(serverName) != null) {
            problems.add("verify.serverName: " + DomainNames.problemWith(serverName));
        }
        return new VerifyEndpoint(given.host(), given.port(), serverName == null || DomainNames.problemWith(serverName) != null
                ? serverName : DomainNames.canonical(serverName));
    }
}

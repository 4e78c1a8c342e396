package io.certflow.deployment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.crypto.KeyProtection;
import io.certflow.deployment.KeptCopies.KeptFile;

/**
 * The SSH adapter: the steps of a deployment on the PEM files of another host, over SFTP, and its
 * reload command run there. Every step opens its own connection, which first checks the host key
 * against the pinned fingerprint ({@link SshConnector}): another key refuses the step before Certflow
 * logs in, and nothing is read or written. The kept copy lies, encrypted, in this host's data
 * directory like every other kind's, marked with the machine it was taken from, so that a target
 * moved to another host since is never "restored" there.
 * <p>
 * Files are replaced as on this host ({@link SftpFiles}): staged beside their target, given their mode,
 * renamed over it. The remote account's rights bound where it may write; owners are not set (the
 * files belong to the account Certflow logs in as), and a rollback puts back content and mode.
 */
@Component
public class SshTargetAdapter implements TargetAdapter {

    /** PEM files are a few KiB; a bigger file in their place is not one Certflow should keep or replace. */
    static final long MAX_KEPT_BYTES = 1 << 20;

    private final DeploymentSettings settings;
    private final SshConnector connector;
    private final KeptCopies keptCopies;

    @Autowired
    public SshTargetAdapter(DeploymentSettings settings, SshTimeouts timeouts, KeyProtection protection,
                            CertflowProperties properties) {
        this(settings, timeouts, protection, properties.dataDir());
    }

    public SshTargetAdapter(DeploymentSettings settings, SshTimeouts timeouts, KeyProtection protection, Path dataDir) {
        this.settings = settings;
        this.connector = new SshConnector(protection, timeouts);
        this.keptCopies = KeptCopies.inDataDir(dataDir, protection);
    }

    @Override
    public DeploymentTargetKind kind() {
        return DeploymentTargetKind.SSH;
    }

    /**
     * Keeps what the remote files hold now (content and mode, and which ones do not exist), once per
     * deployment: after a crash the target may hold the new files by now.
     */
    @Override
    public void keepCopy(UUID deploymentId, DeploymentTarget target) {
        if (keptCopies.has(deploymentId)) {
            return;
        }
        List<RemoteFile> paths = checked(target);
        List<KeptFile> files = new ArrayList<>();
        try (SshConnection connection = connector.open(target)) {
            SftpFiles remote = new SftpFiles(connection.sftp(), connection.origin());
            for (RemoteFile path : paths) {
                files.add(remote.current(path.part().name(), path.label(), path.path(), MAX_KEPT_BYTES));
            }
        }
        keptCopies.keep(deploymentId, target.ssh().origin(), files);
    }

    /** Writes every file the target names, each replaced whole; writing the same material again changes nothing. */
    @Override
    public void write(UUID deploymentId, DeploymentTarget target, DeployedMaterial material) {
        List<RemoteFile> paths = checked(target);
        if (keptCopies.has(deploymentId)) {
            requireSameFilesAsKept(deploymentId, target, paths);
        }
        List<SftpFiles.Planned> planned = new ArrayList<>();
        for (RemoteFile path : paths) {
            String content = path.part().contentOf(material);
            if (content == null) {
                throw new IllegalArgumentException("The deployed material has nothing to write to " + path.label());
            }
            planned.add(new SftpFiles.Planned(path.label(), path.path(), content.getBytes(StandardCharsets.US_ASCII),
                    path.part().modeIn(target.files())));
        }
        replace(deploymentId, target, planned);
    }

    /** Puts back the kept files with their old mode, and removes the ones that did not exist before. */
    @Override
    public void restore(UUID deploymentId, DeploymentTarget target) {
        checked(target);
        List<KeptFile> kept = keptCopies.read(deploymentId);
        String origin = keptCopies.origin(deploymentId);
        if (!target.ssh().origin().equals(origin)) {
            throw AtomicFiles.refused(refusal(target, "it logs in to " + target.ssh().origin() + " now, but this deployment kept"
                    + " its copy from " + origin + "; put the files back there by hand"));
        }
        List<SftpFiles.Planned> planned = new ArrayList<>();
        for (KeptFile file : kept) {
            if (file.existed()) {
                planned.add(new SftpFiles.Planned(label(file), file.path().toString(), file.content(), file.mode()));
            }
        }
        try (SshConnection connection = connector.open(target)) {
            SftpFiles remote = new SftpFiles(connection.sftp(), connection.origin());
            remote.commit(remote.stage(planned, deploymentId.toString()));
            for (KeptFile file : kept) {
                if (!file.existed()) {
                    remote.delete(label(file), file.path().toString());
                }
            }
        }
    }

    /** Removes the kept copy once the deployment has ended. */
    @Override
    public void discardCopy(UUID deploymentId) {
        keptCopies.discard(deploymentId);
    }

    /** Runs the target's configured reload command on its host, not on this one. */
    @Override
    public ReloadResult reload(DeploymentTarget target, ReloadRunner local) {
        checked(target);
        List<String> arguments = target.reloadCommand() == null ? null : settings.reloadCommands().get(target.reloadCommand());
        if (arguments == null) {
            throw new IllegalArgumentException("no reload command named '" + target.reloadCommand() + "' is configured in"
                    + " certflow.deployment.reload-commands");
        }
        try (SshConnection connection = connector.open(target)) {
            return RemoteReload.run(connection, target.reloadCommand(), arguments, settings.reloadTimeout());
        }
    }

    /** A file the target names, its path checked by the remote rules. */
    private record RemoteFile(PemPart part, String path) {

        String label() {
            return part.field() + " (" + path + ")";
        }
    }

    private List<RemoteFile> checked(DeploymentTarget target) {
        if (target.kind() != DeploymentTargetKind.SSH || target.ssh() == null || target.files() == null) {
            throw new IllegalArgumentException("Target " + target.id() + " is no SSH target");
        }
        List<RemoteFile> paths = new ArrayList<>();
        for (PemPart part : PemPart.values()) {
            String path = part.pathIn(target.files());
            if (path == null) {
                continue;
            }
            String problem = RemotePaths.problemWith(part.field() + " (" + path + ")", path);
            if (problem != null) {
                throw AtomicFiles.refused(refusal(target, problem));
            }
            RemoteFile file = new RemoteFile(part, path);
            paths.stream().filter(other -> other.path().equals(path)).findFirst().ifPresent(other -> {
                throw AtomicFiles.refused(refusal(target, file.label() + ": is the same file as " + other.label()));
            });
            paths.add(file);
        }
        if (paths.isEmpty()) {
            throw AtomicFiles.refused(refusal(target, "it names no file"));
        }
        return paths;
    }

    private void replace(UUID deploymentId, DeploymentTarget target, List<SftpFiles.Planned> planned) {
        try (SshConnection connection = connector.open(target)) {
            SftpFiles remote = new SftpFiles(connection.sftp(), connection.origin());
            remote.commit(remote.stage(planned, deploymentId.toString()));
        }
    }

    /** A target changed after its files were kept would be written where no rollback can reach. */
    private void requireSameFilesAsKept(UUID deploymentId, DeploymentTarget target, List<RemoteFile> paths) {
        Map<PemPart, String> kept = keptCopies.read(deploymentId).stream()
                .collect(Collectors.toMap(file -> PemPart.valueOf(file.part()), file -> file.path().toString()));
        Map<PemPart, String> now = paths.stream().collect(Collectors.toMap(RemoteFile::part, RemoteFile::path));
        if (!kept.equals(now) || !target.ssh().origin().equals(keptCopies.origin(deploymentId))) {
            throw AtomicFiles.refused(refusal(target, "its host or files changed after this deployment kept a copy of them;"
                    + " start a new deployment"));
        }
    }

    private static String label(KeptFile file) {
        return PemPart.valueOf(file.part()).field() + " (" + file.path() + ")";
    }

    private static String refusal(DeploymentTarget target, String problem) {
        return "Deployment target '" + target.name() + "' cannot be written: " + problem;
    }
}

package io.certflow.deployment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.crypto.KeyProtection;
import io.certflow.deployment.AtomicFiles.Planned;
import io.certflow.deployment.KeptCopies.KeptFile;
import jakarta.annotation.PostConstruct;

/**
 * The PEM_FILES adapter: what the steps of a deployment do to a target's files. Each method is one
 * step and safe to run again after a crash. Every path is checked against the allowed directories
 * right before it is read or written, with its links followed, because a link may have changed since
 * the target was saved; and the file written is the one that was checked.
 * <p>
 * A path that breaks the rule, two parts naming one file, or an owner Certflow may not set is a
 * {@link io.certflow.error.BusinessFailure} ({@code DEPLOYMENT_REFUSED}): a person must fix the target
 * or the host, and nothing was written. A file system fault (disk full, permission denied) is a
 * {@link io.certflow.error.TransientFault}: the engine retries the step, then raises an incident.
 */
@Component
public class PemFileWriter implements TargetAdapter {

    /** PEM files are a few KiB; a bigger file in their place is not one Certflow should keep or replace. */
    static final long MAX_KEPT_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(PemFileWriter.class);

    private final AllowedPaths allowedPaths;
    private final KeptCopies keptCopies;
    private final UnfinishedWrites unfinishedWrites;

    @Autowired
    public PemFileWriter(DeploymentSettings settings, KeyProtection protection, CertflowProperties properties) {
        this(settings, protection, properties.dataDir());
    }

    public PemFileWriter(DeploymentSettings settings, KeyProtection protection, Path dataDir) {
        this(settings, protection, dataDir, UnfinishedWrites.inDataDir(dataDir));
    }

    PemFileWriter(DeploymentSettings settings, KeyProtection protection, Path dataDir, UnfinishedWrites unfinishedWrites) {
        this.allowedPaths = new AllowedPaths(settings.allowedRoots());
        this.keptCopies = KeptCopies.inDataDir(dataDir, protection);
        this.unfinishedWrites = unfinishedWrites;
    }

    /**
     * Finishes the writes a crash cut off between two renames, before any deployment step can run (every
     * step reaches the targets through this adapter), so that no reload finds a target half written.
     */
    @PostConstruct
    public void finishWritesACrashInterrupted() {
        UnfinishedWrites.Finished finished = unfinishedWrites.finishAll(
                target -> allowedPaths.problemWith("a noted file", target.toString()) == null
                        && allowedPaths.whereOpened(target.toString()).equals(target));
        if (!finished.renamed().isEmpty()) {
            log.warn("Finished {} file(s) of deployments a crash interrupted between two renames: {}", finished.renamed().size(),
                    finished.renamed());
        }
        if (!finished.refused().isEmpty()) {
            log.error("Deployments a crash interrupted left these files half written; they are no longer under an allowed root"
                    + " and were not touched, a person must check them: {}", finished.refused());
        }
    }

    @Override
    public DeploymentTargetKind kind() {
        return DeploymentTargetKind.PEM_FILES;
    }

    /**
     * Keeps what the target's files hold now (content, mode, owner, and which ones do not exist), so
     * that a rollback can put it back. A copy kept already is never replaced: after a crash the
     * target may hold the new files by now.
     */
    @Override
    public void keepCopy(UUID deploymentId, DeploymentTarget target) {
        if (keptCopies.has(deploymentId)) {
            return;
        }
        List<KeptFile> files = new ArrayList<>();
        for (CheckedPath path : checked(target)) {
            files.add(current(path));
        }
        keptCopies.keep(deploymentId, files);
    }

    /** Writes every file the target names, each replaced atomically; writing the same material again changes nothing. */
    @Override
    public void write(UUID deploymentId, DeploymentTarget target, DeployedMaterial material) {
        List<CheckedPath> paths = checked(target);
        if (keptCopies.has(deploymentId)) {
            requireSameFilesAsKept(deploymentId, target, paths);
        }
        PemFiles files = target.files();
        List<Planned> planned = new ArrayList<>();
        for (CheckedPath path : paths) {
            String content = path.part().contentOf(material);
            if (content == null) {
                throw new IllegalArgumentException("The deployed material has nothing to write to " + path.label());
            }
            planned.add(new Planned(path.label(), path.where(), content.getBytes(StandardCharsets.US_ASCII),
                    AtomicFiles.permissions(path.part().modeIn(files)), files.owner(), files.group()));
        }
        replace(deploymentId, target, paths, planned);
    }

    /**
     * Puts back what {@link #keepCopy} kept, at the places it kept them from (where this deployment
     * wrote), with their old mode and owner, and removes the files that did not exist before.
     */
    @Override
    public void restore(UUID deploymentId, DeploymentTarget target) {
        List<KeptFile> kept = keptCopies.read(deploymentId);
        List<CheckedPath> paths = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        for (KeptFile file : kept) {
            CheckedPath path = checked(target, PemPart.valueOf(file.part()), file.path().toString());
            if (!path.where().equals(file.path())) {
                throw AtomicFiles.refused(refusal(target, path.label() + ": leads somewhere else than when its copy was kept,"
                        + " now to " + path.where()));
            }
            if (file.existed()) {
                paths.add(path);
                planned.add(new Planned(path.label(), file.path(), file.content(), AtomicFiles.permissions(file.mode()),
                        file.owner(), file.group()));
            }
        }
        replace(deploymentId, target, paths, planned);
        for (KeptFile file : kept) {
            if (!file.existed()) {
                AtomicFiles.delete(PemPart.valueOf(file.part()).field() + " (" + file.path() + ")", file.path());
            }
        }
    }

    /** Removes the kept copy once the deployment has ended (DEPLOYED or ROLLED_BACK). */
    @Override
    public void discardCopy(UUID deploymentId) {
        keptCopies.discard(deploymentId);
    }

    /** A path of the target, allowed, with where the system opens it. */
    private record CheckedPath(PemPart part, String text, Path where) {

        String label() {
            return part.field() + " (" + text + ")";
        }
    }

    private List<CheckedPath> checked(DeploymentTarget target) {
        if (target.kind() != DeploymentTargetKind.PEM_FILES || target.files() == null) {
            throw new IllegalArgumentException("Target " + target.id() + " is no PEM_FILES target");
        }
        List<CheckedPath> paths = new ArrayList<>();
        for (PemPart part : PemPart.values()) {
            String text = part.pathIn(target.files());
            if (text != null) {
                CheckedPath path = checked(target, part, text);
                paths.stream().filter(other -> other.where().equals(path.where())).findFirst().ifPresent(other -> {
                    throw AtomicFiles.refused(refusal(target, path.label() + ": is the same file as " + other.label()));
                });
                paths.add(path);
            }
        }
        return paths;
    }

    private CheckedPath checked(DeploymentTarget target, PemPart part, String text) {
        String label = part.field() + " (" + text + ")";
        String problem = allowedPaths.problemWith(label, text);
        if (problem != null) {
            throw AtomicFiles.refused(refusal(target, problem));
        }
        return new CheckedPath(part, text, allowedPaths.whereOpened(text));
    }

    /**
     * Stages every file, checks every path once more (the staging took time, and created
     * directories), notes the renames so that a crash between two of them is finished at the next
     * start, and only then renames.
     */
    private void replace(UUID deploymentId, DeploymentTarget target, List<CheckedPath> paths, List<Planned> planned) {
        String tag = deploymentId.toString();
        List<AtomicFiles.Staged> staged = AtomicFiles.stage(planned, tag);
        try {
            for (CheckedPath path : paths) {
                CheckedPath now = checked(target, path.part(), path.text());
                if (!now.where().equals(path.where())) {
                    throw AtomicFiles.refused(refusal(target, path.label() + ": changed while it was written, now leads to "
                            + now.where()));
                }
            }
            unfinishedWrites.begin(tag, staged);
        } catch (RuntimeException e) {
            AtomicFiles.abandon(staged);
            throw e;
        }
        try {
            AtomicFiles.commit(staged);
        } finally {
            unfinishedWrites.end(tag);
        }
    }

    /** A target changed after its files were kept would be written where no rollback can reach. */
    private void requireSameFilesAsKept(UUID deploymentId, DeploymentTarget target, List<CheckedPath> paths) {
        Map<PemPart, Path> kept = keptCopies.read(deploymentId).stream().collect(Collectors.toMap(file -> PemPart.valueOf(file.part()), KeptFile::path));
        Map<PemPart, Path> now = paths.stream().collect(Collectors.toMap(CheckedPath::part, CheckedPath::where));
        if (!kept.equals(now)) {
            throw AtomicFiles.refused(refusal(target, "its files changed after this deployment kept a copy of them;"
                    + " start a new deployment"));
        }
    }

    private static KeptFile current(CheckedPath path) {
        return KeptCopies.current(path.part().name(), path.label(), path.where(), MAX_KEPT_BYTES, "no PEM file does");
    }

    private static String refusal(DeploymentTarget target, String problem) {
        return "Deployment target '" + target.name() + "' cannot be written: " + problem;
    }
}

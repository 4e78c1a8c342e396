package io.certflow.deployment;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.LibraryMessages;
import io.certflow.error.TransientFault;

/**
 * Replaces files so that a server reading them sees the old content or the new, never a part: each
 * new file is written beside its target under a temporary name, flushed to disk, given its mode and
 * owner, and only then renamed over the target. Every file of one write is staged before the first
 * rename, so a refusal (an owner Certflow may not set) or a fault while staging leaves every target
 * as it was. The temporary names are fixed per deployment, so a run after a crash removes what the
 * crashed run left.
 */
final class AtomicFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /**
     * A file to put in place.
     *
     * @param label what the operator knows the file by, for messages: the target's field and the path
     * @param owner user to give the file to; null keeps Certflow's
     * @param group group to give the file to; null keeps Certflow's
     */
    record Planned(String label, Path path, byte[] content, Set<PosixFilePermission> mode, String owner, String group) {
    }

    /** A file written beside its target, waiting for its rename. */
    record Staged(Planned planned, Path temp) {
    }

    /** Writes every file beside its target; on any failure removes what it wrote and throws. */
    static List<Staged> stage(List<Planned> files, String tag) {
        List<Staged> staged = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                staged.add(stage(files.get(i), ".certflow-" + tag + "-" + i + ".tmp"));
            }
            return staged;
        } catch (RuntimeException e) {
            abandon(staged);
            throw e;
        }
    }

    private static Staged stage(Planned planned, String tempName) {
        Path parent = planned.path().getParent();
        Path temp = parent.resolve(tempName);
        try {
            // Only ever below an allowed root: the caller checked the whole path, links followed.
            Files.createDirectories(parent);
            Files.deleteIfExists(temp);
            // CREATE_NEW is O_EXCL: it refuses a link planted under the temporary name.
            try (FileChannel channel = FileChannel.open(temp, EnumSet.of(CREATE_NEW, WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                ByteBuffer buffer = ByteBuffer.wrap(planned.content());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // The mode before the owner: once the file is given away, Certflow may no longer change it.
            Files.setPosixFilePermissions(temp, planned.mode());
        } catch (IOException e) {
            deleteQuietly(temp);
            throw fault("Cannot write " + planned.label(), e);
        }
        try {
            giveAway(planned, temp);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return new Staged(planned, temp);
    }

    private static void giveAway(Planned planned, Path temp) {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        UserPrincipalLookupService lookup = temp.getFileSystem().getUserPrincipalLookupService();
        String runningAs = System.getProperty("user.name");
        String owner = planned.owner();
        String group = planned.group();
        try {
            if (owner != null && !view.getOwner().getName().equals(owner)) {
                UserPrincipal user = lookup.lookupPrincipalByName(owner);
                try {
                    view.setOwner(user);
                } catch (IOException e) {
                    throw refused(planned.label() + ": Certflow runs as '" + runningAs + "' and may not give files to user '" + owner
                            + "' (" + reason(e) + "); leave files.owner empty, or let an administrator of the host allow Certflow to"
                            + " change owners (CAP_CHOWN)");
                }
            }
            if (group != null && !view.readAttributes().group().getName().equals(group)) {
                GroupPrincipal principal = lookup.lookupPrincipalByGroupName(group);
                try {
                    view.setGroup(principal);
                } catch (IOException e) {
                    throw refused(planned.label() + ": Certflow runs as '" + runningAs + "' and may not give files to group '" + group
                            + "' (" + reason(e) + "); leave files.group empty, or name a group Certflow's user belongs to");
                }
            }
        } catch (UserPrincipalNotFoundException e) {
            throw refused(planned.label() + ": the Certflow host has no user or group named '" + e.getName() + "'");
        } catch (IOException e) {
            throw fault("Cannot read the owner of " + planned.label(), e);
        }
    }

    /**
     * Renames every staged file over its target, then makes the renames durable. A failure half way
     * leaves some targets new and some old; running the same write again completes it.
     */
    static void commit(List<Staged> staged) {
        Set<Path> directories = new LinkedHashSet<>();
        for (int i = 0; i < staged.size(); i++) {
            Staged file = staged.get(i);
            try {
                Files.move(file.temp(), file.planned().path(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                abandon(staged.subList(i, staged.size()));
                throw fault("Cannot put " + file.planned().label() + " in place", e);
            }
            directories.add(file.planned().path().getParent());
        }
        for (Path directory : directories) {
            syncDirectory(directory, "the directory of the deployed files");
        }
    }

    static void abandon(List<Staged> staged) {
        staged.forEach(file -> deleteQuietly(file.temp()));
    }

    /** Removes a file if it is there; the removal is durable when this returns. */
    static void delete(String label, Path path) {
        try {
            if (Files.deleteIfExists(path)) {
                syncDirectory(path.getParent(), label);
            }
        } catch (IOException e) {
            throw fault("Cannot remove " + label, e);
        }
    }

    /** Flushes a directory's entries, so that a rename or a removal in it survives a power cut. */
    static void syncDirectory(Path directory, String label) {
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw fault("Cannot flush " + label + " to disk", e);
        }
    }

    static Set<PosixFilePermission> permissions(String octal) {
        int bits = Integer.parseInt(octal, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((bits & bitOf(permission)) != 0) {
                permissions.add(permission);
            }
        }
        return permissions;
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int bits = permissions.stream().mapToInt(AtomicFiles::bitOf).sum();
        return String.format("%04o", bits);
    }

    /** PosixFilePermission lists owner read (0400) first and others execute (0001) last. */
    private static int bitOf(PosixFilePermission permission) {
        return 1 << (8 - permission.ordinal());
    }

    static BusinessFailure refused(String problem) {
        return new BusinessFailure(FailureReason.DEPLOYMENT_REFUSED, problem);
    }

    /** A file system fault: the engine retries the step, then raises an incident for a person. */
    static TransientFault fault(String doing, IOException e) {
        return new TransientFault(doing + ": " + reason(e), e);
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "a directory on the way does not exist";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        return LibraryMessages.of(e);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temporary file is removed by the next run of the same deployment
        }
    }
}

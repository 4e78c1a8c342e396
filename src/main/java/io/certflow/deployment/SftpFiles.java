package io.certflow.deployment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

import io.certflow.deployment.KeptCopies.KeptFile;
import io.certflow.error.LibraryMessages;
import io.certflow.error.TransientFault;

/**
 * What {@link AtomicFiles} does on this host, over SFTP on another: each new file is written beside
 * its target under a temporary name, given its mode while still empty, filled, and only then renamed
 * over the target, with OpenSSH's posix-rename where the server offers it (an atomic rename(2), so a
 * server reading the file sees the old content or the new). Every file of one write is staged before
 * the first rename. The temporary names are fixed per deployment, so a run after a crash replaces
 * what the crashed run left.
 * <p>
 * Unlike on this host, the renames are not flushed to the remote disk: SFTP has no portable way to.
 * A symbolic link at a target's path is refused: replacing it would cut a layout such as certbot's
 * live/ links, and following it would write where the target does not say.
 */
final class SftpFiles {

    private static final String POSIX_RENAME = "posix-rename@openssh.com";

    /** A file to put in place: {@code mode} as octal text, such as 0600. */
    record Planned(String label, String path, byte[] content, String mode) {
    }

    /** A file written beside its target, waiting for its rename. */
    record Staged(Planned planned, String temp) {
    }

    private final ChannelSftp sftp;
    private final String origin;

    SftpFiles(ChannelSftp sftp, String origin) {
        this.sftp = sftp;
        this.origin = origin;
    }

    /** What a remote file holds now, to be kept: its content and mode, its owner and group by number; absent when it is not there. */
    KeptFile current(String part, String label, String path, long maxBytes) {
        SftpATTRS attributes;
        try {
            attributes = sftp.lstat(path);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return KeptFile.absent(part, Path.of(path));
            }
            throw fault("Cannot read " + label + " to keep a copy", e);
        }
        if (attributes.isLink()) {
            throw AtomicFiles.refused(label + " on " + origin + ": is a symbolic link; name the file it points to");
        }
        if (!attributes.isReg()) {
            throw AtomicFiles.refused(label + " on " + origin + ": is not a regular file; Certflow replaces only files");
        }
        if (attributes.getSize() > maxBytes) {
            throw AtomicFiles.refused(label + " on " + origin + ": holds more than " + (maxBytes >> 20)
                    + " MiB, which no PEM file does; Certflow does not replace it");
        }
        byte[] content;
        try (InputStream in = sftp.get(path)) {
            content = in.readNBytes((int) maxBytes);
        } catch (SftpException e) {
            throw fault("Cannot read " + label + " to keep a copy", e);
        } catch (IOException e) {
            throw new TransientFault("Cannot read " + label + " on " + origin + " to keep a copy: " + SshConnector.reason(e), e);
        }
        return new KeptFile(part, Path.of(path), true, content, String.format("%04o", attributes.getPermissions() & 07777),
                Integer.toString(attributes.getUId()), Integer.toString(attributes.getGId()));
    }

    /** Writes every file beside its target; on any failure removes what it wrote and throws. */
    List<Staged> stage(List<Planned> files, String tag) {
        List<Staged> staged = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                Planned planned = files.get(i);
                String temp = RemotePaths.sibling(planned.path(), ".certflow-" + tag + "-" + i + ".tmp");
                staged.add(new Staged(planned, temp));
                stage(planned, temp);
            }
            return staged;
        } catch (RuntimeException e) {
            abandon(staged);
            throw e;
        }
    }

    private void stage(Planned planned, String temp) {
        try {
            directory(RemotePaths.parentOf(planned.path()), planned.label());
            // Removed, not overwritten: a link left under the temporary name is not followed.
            removeIfThere(temp);
            // Created empty, given its mode, and only then filled: the key is never readable by others, not even briefly.
            sftp.put(new ByteArrayInputStream(new byte[0]), temp, ChannelSftp.OVERWRITE);
            sftp.chmod(Integer.parseInt(planned.mode(), 8), temp);
            sftp.put(new ByteArrayInputStream(planned.content()), temp, ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            throw fault("Cannot write " + planned.label(), e);
        }
    }

    /** Renames every staged file over its target. A failure half way leaves some new and some old; running the write again completes it. */
    void commit(List<Staged> staged) {
        boolean atomic = "1".equals(sftp.getExtension(POSIX_RENAME));
        for (int i = 0; i < staged.size(); i++) {
            Staged file = staged.get(i);
            try {
                if (!atomic) {
                    // Plain SFTP rename refuses an existing target: without posix-rename the old file must go first.
                    removeIfThere(file.planned().path());
                }
                sftp.rename(file.temp(), file.planned().path());
            } catch (SftpException e) {
                abandon(staged.subList(i, staged.size()));
                throw fault("Cannot put " + file.planned().label() + " in place", e);
            }
        }
    }

    void abandon(List<Staged> staged) {
        for (Staged file : staged) {
            try {
                removeIfThere(file.temp());
            } catch (SftpException ignored) {
                // a leftover temporary file is removed by the next run of the same deployment
            }
        }
    }

    /** Removes a file if it is there. */
    void delete(String label, String path) {
        try {
            removeIfThere(path);
        } catch (SftpException e) {
            throw fault("Cannot remove " + label, e);
        }
    }

    private void removeIfThere(String path) throws SftpException {
        try {
            sftp.rm(path);
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
    }

    /** Makes the directory and the ones above it that are missing, as the local writer does under its root. */
    private void directory(String path, String label) throws SftpException {
        if (path.equals("/")) {
            return;
        }
        try {
            if (!sftp.stat(path).isDir()) {
                throw AtomicFiles.refused(label + " on " + origin + ": " + path + " is not a directory");
            }
            return;
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
        directory(RemotePaths.parentOf(path), label);
        sftp.mkdir(path);
    }

    /** A fault of the remote file system or the connection: the engine retries the step, then raises an incident. */
    private TransientFault fault(String doing, SftpException e) {
        String said = e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED ? "permission denied"
                : e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE ? "no such file or directory" : LibraryMessages.of(e);
        return new TransientFault(doing + " on " + origin + ": " + said, e);
    }
}

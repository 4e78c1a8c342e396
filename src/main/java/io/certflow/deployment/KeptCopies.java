package io.certflow.deployment;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import io.certflow.crypto.KeyProtection;

/**
 * The copies of a target's files kept for a rollback: one directory per deployment under
 * {@code <data-dir>/deployment-backups}, owner-only, its content encrypted because it holds a private
 * key. A copy appears whole, by one rename, or not at all; and a copy that exists is never replaced,
 * because after a crash the target may already hold the new files, and the copy must keep the old.
 */
final class KeptCopies {

    static final String PURPOSE = "deployment-backup";
    private static final String FILE = "kept-files";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /**
     * One file of the target as it was before the deployment.
     *
     * @param part    which file of the target it is, by a name its adapter chooses (a {@link PemPart}, or the keystore)
     * @param path    where it was, its links followed: where the deployment writes and a rollback puts it back
     * @param existed false: the deployment creates it, and a rollback removes it
     */
    record KeptFile(String part, Path path, boolean existed, byte[] content, String mode, String owner, String group) {

        static KeptFile absent(String part, Path path) {
            return new KeptFile(part, path, false, null, null, null, null);
        }
    }

    private final Path root;
    private final KeyProtection protection;

    KeptCopies(Path root, KeyProtection protection) {
        this.root = root;
        this.protection = protection;
    }

    /** The copies of every kind of target, in one directory of the data directory: a deployment has one target. */
    static KeptCopies inDataDir(Path dataDir, KeyProtection protection) {
        return new KeptCopies(dataDir.resolve("deployment-backups"), protection);
    }

    boolean has(UUID deploymentId) {
        return Files.isDirectory(root.resolve(deploymentId.toString()));
    }

    /** Keeps the files unless a copy for this deployment is kept already. */
    void keep(UUID deploymentId, List<KeptFile> files) {
        keep(deploymentId, null, files);
    }

    /**
     * Keeps the files of another machine unless a copy for this deployment is kept already.
     *
     * @param origin the machine the paths are on (an SSH target's user@host:port); null for this host
     */
    void keep(UUID deploymentId, String origin, List<KeptFile> files) {
        Path kept = root.resolve(deploymentId.toString());
        Path temp = root.resolve("." + deploymentId + ".tmp");
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            Files.setPosixFilePermissions(root, OWNER_ONLY_DIRECTORY);
            if (Files.isDirectory(kept)) {
                return;
            }
            // What a crashed run left is incomplete by construction: it never reached the rename.
            deleteTree(temp);
            Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            Files.setPosixFilePermissions(temp, OWNER_ONLY_DIRECTORY);
            byte[] sealed = protection.encrypt(encode(deploymentId, origin, files), PURPOSE).getBytes(StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(temp.resolve(FILE), EnumSet.of(CREATE_NEW, WRITE),
                    PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY))) {
                ByteBuffer buffer = ByteBuffer.wrap(sealed);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            AtomicFiles.syncDirectory(temp, "the kept copy");
            try {
                Files.move(temp, kept, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Linux refuses to rename onto a non-empty directory: another run kept its copy first, and it stays.
                if (!Files.isDirectory(kept)) {
                    throw e;
                }
                deleteTree(temp);
                return;
            }
            AtomicFiles.syncDirectory(root, "the kept copies");
        } catch (IOException e) {
            throw AtomicFiles.fault("Cannot keep a copy of the target's files under " + root, e);
        }
    }

    /** The kept files; a copy that is missing or unreadable is a fault a person must look at. */
    List<KeptFile> read(UUID deploymentId) {
        return decode(properties(deploymentId));
    }

    /** The machine the kept files are from, as {@link #keep(UUID, String, List)} was told; null for this host. */
    String origin(UUID deploymentId) {
        return properties(deploymentId).getProperty("origin");
    }

    private Properties properties(UUID deploymentId) {
        String sealed;
        try {
            sealed = Files.readString(root.resolve(deploymentId.toString()).resolve(FILE), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("No copy of the target's files is kept for deployment " + deploymentId
                    + " (never taken, or discarded when the deployment ended): nothing to put back; a person must check the target");
        } catch (IOException e) {
            throw AtomicFiles.fault("Cannot read the kept copy of deployment " + deploymentId, e);
        }
        return load(deploymentId, protection.decrypt(sealed, PURPOSE));
    }

    /** Removes the copy: first renamed aside in one step, so no half-removed copy ever passes for a kept one. */
    void discard(UUID deploymentId) {
        Path kept = root.resolve(deploymentId.toString());
        Path doomed = root.resolve("." + deploymentId + ".discarded");
        try {
            if (Files.isDirectory(kept)) {
                deleteTree(doomed);
                Files.move(kept, doomed, StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(doomed);
            deleteTree(root.resolve("." + deploymentId + ".tmp"));
        } catch (IOException e) {
            throw AtomicFiles.fault("Cannot remove the kept copy of deployment " + deploymentId, e);
        }
    }

    /**
     * What a target's file holds now, to be kept. A link put in its place since the path was checked
     * is refused, not read; so is anything but a regular file, or a file bigger than the adapter
     * ever writes.
     *
     * @param tooBig why a file over {@code maxBytes} is not the adapter's, for the message
     */
    static KeptFile current(String part, String label, Path where, long maxBytes, String tooBig) {
        try {
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(where, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException absent) {
                return KeptFile.absent(part, where);
            }
            if (!attributes.isRegularFile()) {
                throw AtomicFiles.refused(label + ": is not a regular file; Certflow replaces only files");
            }
            if (attributes.size() > maxBytes) {
                throw AtomicFiles.refused(label + ": holds more than " + (maxBytes >> 20) + " MiB, which " + tooBig
                        + "; Certflow does not replace it");
            }
            byte[] content;
            // NOFOLLOW_LINKS: a link put in its place since the check is refused, not read.
            try (InputStream in = Channels.newInputStream(Files.newByteChannel(where, READ, LinkOption.NOFOLLOW_LINKS))) {
                content = in.readNBytes((int) maxBytes);
            }
            return new KeptFile(part, where, true, content, AtomicFiles.octal(attributes.permissions()),
                    attributes.owner().getName(), attributes.group().getName());
        } catch (IOException e) {
            throw AtomicFiles.fault("Cannot read " + label + " to keep a copy", e);
        }
    }

    private static byte[] encode(UUID deploymentId, String origin, List<KeptFile> files) {
        Properties properties = new Properties();
        properties.setProperty("deployment", deploymentId.toString());
        if (origin != null) {
            properties.setProperty("origin", origin);
        }
        properties.setProperty("parts", String.join(",", files.stream().map(KeptFile::part).toList()));
        for (KeptFile file : files) {
            String part = file.part();
            properties.setProperty(part + ".path", file.path().toString());
            properties.setProperty(part + ".existed", Boolean.toString(file.existed()));
            if (file.existed()) {
                properties.setProperty(part + ".content", Base64.getEncoder().encodeToString(file.content()));
                properties.setProperty(part + ".mode", file.mode());
                properties.setProperty(part + ".owner", file.owner());
                properties.setProperty(part + ".group", file.group());
            }
        }
        StringWriter text = new StringWriter();
        try {
            properties.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Properties load(UUID deploymentId, byte[] plain) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(plain, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The encryption binds the content, not the directory it lies in.
        if (!deploymentId.toString().equals(properties.getProperty("deployment"))) {
            throw new IllegalStateException("The copy kept under deployment " + deploymentId + " belongs to another deployment");
        }
        return properties;
    }

    private static List<KeptFile> decode(Properties properties) {
        List<KeptFile> files = new ArrayList<>();
        String parts = properties.getProperty("parts", "");
        for (String name : parts.isEmpty() ? new String[0] : parts.split(",")) {
            String part = name;
            Path path = Path.of(properties.getProperty(name + ".path"));
            if (Boolean.parseBoolean(properties.getProperty(name + ".existed"))) {
                files.add(new KeptFile(part, path, true, Base64.getDecoder().decode(properties.getProperty(name + ".content")),
                        properties.getProperty(name + ".mode"), properties.getProperty(name + ".owner"),
                        properties.getProperty(name + ".group")));
            } else {
                files.add(KeptFile.absent(part, path));
            }
        }
        return files;
    }

    /** Removes a directory Certflow made, without following any link in it. */
    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

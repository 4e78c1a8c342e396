package io.certflow.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** Secrets Certflow generates for itself (the key-encryption key, the first admin password). */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /**
     * Returns the file's content, creating it with {@code generator} first when it does not exist.
     * The file is created owner-read/write only before anything is written to it, so the secret is
     * never readable by others, not even for a moment.
     */
    public static String readOrCreate(Path file, Supplier<String> generator) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Path directory = file.toAbsolutePath().getParent();
            if (!Files.exists(directory)) {
                // The data directory also holds the embedded database: nobody but the owner needs to look in.
                try {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(directory);
                }
            }
            String secret = generator.get();
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file).trim();
            }
            Files.writeString(file, secret + "\n");
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}

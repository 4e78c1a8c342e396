package io.certflow.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a path from the API lies under one of the directories an administrator allowed, after every
 * symbolic link on the way is followed: a path is checked as the operating system will open it, not
 * as it is spelt. Checked when a target is saved and again before every write, because a link can
 * change in between.
 */
public final class AllowedPaths {

    public static final int MAX_LENGTH = 1024;
    /** As Linux's MAXSYMLINKS: more links than this is a loop. */
    private static final int MAX_LINKS = 40;

    private final List<Path> roots;

    public AllowedPaths(List<Path> roots) {
        this.roots = roots.stream().map(AllowedPaths::real).toList();
    }

    /** A sentence naming the rule the path breaks, or null when Certflow may write there. */
    public String problemWith(String field, String text) {
        if (roots.isEmpty()) {
            return field + ": local files are off on this Certflow: an administrator of the host allows directories with"
                    + " certflow.deployment.allowed-roots";
        }
        if (text.length() > MAX_LENGTH) {
            return field + ": at most " + MAX_LENGTH + " characters";
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return field + ": a path holds no control characters";
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            return field + ": not a path this system can open";
        }
        if (!path.isAbsolute()) {
            return field + ": must be an absolute path (starting with /)";
        }
        if (!path.normalize().equals(path) || text.contains("/./") || text.contains("//") || text.endsWith("/.")) {
            return field + ": must not contain '..', '.' or empty parts; write the path as it is";
        }
        if (text.endsWith("/")) {
            return field + ": names a directory; give the file's name";
        }
        Path resolved = resolved(path, 0);
        if (resolved == null) {
            return field + ": cannot be checked: a directory on the way cannot be read, or its links loop";
        }
        if (roots.stream().noneMatch(root -> resolved.startsWith(root) && !resolved.equals(root))) {
            return field + ": lies outside the allowed directories " + roots
                    + (resolved.equals(path) ? "" : " once its symbolic links are followed");
        }
        if (Files.isDirectory(resolved)) {
            return field + ": is a directory; give the file's name";
        }
        return null;
    }

    /**
     * Where the system opens a path that {@link #problemWith} allowed: its links followed. A writer
     * works on this path, so the file it writes is the one that was checked.
     */
    Path whereOpened(String text) {
        return resolved(Path.of(text), 0);
    }

    /**
     * The path as the system opens it: the deepest part that exists with its links followed, and the
     * rest (not created yet) appended. A dangling link counts as the place it points to.
     */
    private static Path resolved(Path path, int linksFollowed) {
        if (linksFollowed > MAX_LINKS) {
            return null;
        }
        Path existing = path;
        Path rest = path.getFileSystem().getPath("");
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        try {
            if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
                Path target = Files.readSymbolicLink(existing);
                return resolved(existing.resolveSibling(target).normalize().resolve(rest), linksFollowed + 1);
            }
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path real(Path root) {
        try {
            return root.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("certflow.deployment.allowed-roots names " + root + ", which cannot be read: "
                    + e.getMessage());
        }
    }
}

package io.certflow.deployment;

/**
 * The rules for a file path on another host (an SSH target). It cannot be checked against
 * certflow.deployment.allowed-roots, which are directories of the Certflow host; the remote account's
 * own permissions bound what it may write. What is checked is that the path means one file, as written:
 * absolute, without '.', '..' or empty parts, without control characters, and without the characters an
 * SFTP client expands as patterns.
 */
final class RemotePaths {

    static final int MAX_LENGTH = AllowedPaths.MAX_LENGTH;

    private RemotePaths() {
    }

    /** A sentence naming the rule {@code text} breaks, starting with {@code field}, or null when it is a remote file path. */
    static String problemWith(String field, String text) {
        if (text.length() > MAX_LENGTH) {
            return field + ": at most " + MAX_LENGTH + " characters";
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            return field + ": a path holds no control characters";
        }
        if (!text.startsWith("/")) {
            return field + ": must be an absolute path (starting with /) on the remote host";
        }
        if (text.endsWith("/")) {
            return field + ": names a directory; give the file's name";
        }
        for (String part : text.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return field + ": must not contain '..', '.' or empty parts; write the path as it is";
            }
        }
        if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('\\') >= 0) {
            return field + ": must not contain '*', '?' or '\\', which SFTP clients read as patterns";
        }
        return null;
    }

    /** The directory holding a checked path: "/" for a file at the root. */
    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** A file named {@code name} in the directory of a checked path. */
    static String sibling(String path, String name) {
        return path.substring(0, path.lastIndexOf('/') + 1) + name;
    }
}

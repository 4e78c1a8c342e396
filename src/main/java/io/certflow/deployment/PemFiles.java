package io.certflow.deployment;

/**
 * Where a PEM_FILES target puts each part; any part may be left out, but not all of them.
 *
 * @param fileMode octal permissions of the certificate files (default 0644)
 * @param keyMode  octal permissions of the key file (default 0600)
 * @param owner    user the files are given to, when Certflow may change owners; null keeps Certflow's
 * @param group    group the files are given to; null keeps Certflow's
 */
public record PemFiles(String certificatePath, String chainPath, String fullChainPath, String keyPath, String fileMode,
                       String keyMode, String owner, String group) {
}

package io.certflow.deployment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;

import io.certflow.crypto.KeyProtection;
import io.certflow.dns.HostPort;

/**
 * The API-side rules of an SSH target: where it logs in, the pinned host key, exactly one secret
 * (sealed before it is stored, never echoed in a problem), and remote file paths, which follow
 * {@link RemotePaths} instead of the allowed roots of this host.
 */
final class SshChecks {

    static final int MAX_PRIVATE_KEY = SshLoginSettings.MAX_PRIVATE_KEY;
    static final int MAX_PASSWORD = 256;
    /** Letters, digits and the punctuation of Unix and directory accounts; never a leading '-'. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}");
    private static final String KEY_FORMS = "an RSA, ECDSA or Ed25519 private key in OpenSSH or PEM form"
            + " (-----BEGIN OPENSSH PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----)";

    private final KeyProtection protection;

    SshChecks(KeyProtection protection) {
        this.protection = protection;
    }

    /**
     * The login to store, its secret sealed; null when a problem was added.
     *
     * @param current the stored login of the target being changed, whose secret stays when none is given; null on create
     */
    SshLogin checked(SshLoginSettings given, SshLogin current, List<String> problems) {
        if (given == null) {
            problems.add("ssh: an SSH target names its login: {host, port, user, privateKey or password, hostKeyFingerprint}");
            return null;
        }
        int before = problems.size();
        String hostProblem = HostPort.problemWithHost(given.host());
        if (hostProblem != null) {
            problems.add("ssh.host: " + hostProblem);
        }
        int port = given.port() == null ? SshLogin.DEFAULT_PORT : given.port();
        if (port < 1 || port > 65535) {
            problems.add("ssh.port: a number from 1 to 65535 (default 22)");
        }
        if (given.user() == null || !USER.matcher(given.user()).matches()) {
            problems.add("ssh.user: required, 1 to 64 letters, digits, '.', '_', '@' or '-', not starting with '-' or '.'");
        }
        String fingerprintProblem = HostKeyFingerprints.problemWith(given.hostKeyFingerprint());
        if (fingerprintProblem != null) {
            problems.add("ssh.hostKeyFingerprint: " + fingerprintProblem);
        }
        String[] sealed = secret(given, current, problems);
        if (problems.size() > before) {
            return null;
        }
        return new SshLogin(given.host(), port, given.user(), HostKeyFingerprints.canonical(given.hostKeyFingerprint()),
                sealed[0], sealed[1]);
    }

    /** The files of an SSH target: remote paths, one file each, and no owner Certflow could not set. */
    void checkFiles(PemFiles files, List<String> problems) {
        for (String field : List.of("owner", "group")) {
            if (field.equals("owner") ? files.owner() != null : files.group() != null) {
                problems.add("files." + field + ": an SSH target cannot give files to another " + (field.equals("owner") ? "user" : "group")
                        + " (SFTP changes owners only by number, and only for root); log in as the account that should own"
                        + " the files, or leave files." + field + " out");
            }
        }
        List<String> seen = new ArrayList<>();
        for (PemPart part : PemPart.values()) {
            String path = part.pathIn(files);
            if (path != null && seen.contains(path)) {
                problems.add(part.field() + ": names the same file as another part; give each part a file of its own");
            } else if (path != null) {
                seen.add(path);
            }
        }
    }

    /** The sealed private key and password, one of them null; both null when a problem was added. */
    private String[] secret(SshLoginSettings given, SshLogin current, List<String> problems) {
        boolean key = given.privateKey() != null;
        boolean password = given.password() != null;
        if (key && password) {
            problems.add("ssh.privateKey and ssh.password: give one of them, not both");
        } else if (key) {
            return new String[] {privateKey(given.privateKey(), problems), null};
        } else if (password) {
            return new String[] {null, password(given.password(), problems)};
        } else if (current != null && (current.sealedPrivateKey() != null || current.sealedPassword() != null)) {
            return new String[] {current.sealedPrivateKey(), current.sealedPassword()};
        } else {
            problems.add("ssh.privateKey or ssh.password: required, " + KEY_FORMS + " (preferred) or the account's password;"
                    + " it is stored encrypted and never shown again");
        }
        return new String[] {null, null};
    }

    private String privateKey(String text, List<String> problems) {
        if (text.length() > MAX_PRIVATE_KEY) {
            problems.add("ssh.privateKey: at most " + MAX_PRIVATE_KEY + " characters");
            return null;
        }
        String stripped = text.strip();
        if (!stripped.startsWith("-----BEGIN ") || !stripped.contains("PRIVATE KEY-----")) {
            problems.add("ssh.privateKey: not " + KEY_FORMS);
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        KeyPair pair;
        try {
            // JSch overwrites the array it parses: give it a copy, keep the original for sealing.
            pair = KeyPair.load(new JSch(), bytes.clone(), null);
        } catch (JSchException | RuntimeException e) {
            Arrays.fill(bytes, (byte) 0);
            problems.add("ssh.privateKey: cannot be read as " + KEY_FORMS);
            return null;
        }
        try {
            if (pair.isEncrypted()) {
                problems.add("ssh.privateKey: is protected by a passphrase, which Certflow has no one to ask for; give it without one"
                        + " (Certflow stores it encrypted)");
                return null;
            }
            if (pair.getKeyType() == KeyPair.DSA) {
                problems.add("ssh.privateKey: is a DSA key, which current OpenSSH servers refuse; use an Ed25519, ECDSA or RSA key");
                return null;
            }
            return protection.encrypt(bytes, SshLogin.PRIVATE_KEY_PURPOSE);
        } finally {
            pair.dispose();
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private String password(String password, List<String> problems) {
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            problems.add("ssh.password: must be 1 to " + MAX_PASSWORD + " characters long");
            return null;
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            problems.add("ssh.password: must not contain control characters");
            return null;
        }
        return protection.encrypt(password.getBytes(StandardCharsets.UTF_8), SshLogin.PASSWORD_PURPOSE);
    }
}

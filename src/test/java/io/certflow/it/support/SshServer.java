package io.certflow.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A real OpenSSH server (Debian's {@code openssh-server}) for one test: a separate {@code sshd} on a free port of
 * 127.0.0.1, with its own host key, config and authorized keys in a temp work dir. It is what an {@code SSH}
 * deployment target connects to; the files it receives land on this machine's file system, where the test checks them.
 *
 * <pre>{@code
 * try (SshServer ssh = SshServer.start()) {
 *     ssh.authorize(clientPublicKey);
 *     target(host "127.0.0.1", ssh.port(), ssh.user(), hostKeyFingerprint ssh.hostKeyFingerprint());
 * }
 * }</pre>
 *
 * <p>It logs in as the user the tests run as ({@link #user()}, root in CI), with public keys only: passwords would need
 * a system account with a known password, which a test must not create. Run as root it allows root logins with a key
 * ({@code PermitRootLogin prohibit-password}), and, like every root sshd, needs {@code /run/sshd} (its privilege
 * separation directory, checked at start): it is created when missing, the one thing this class writes outside its
 * temp dir. sshd reads only the config written here ({@code -f}), never /etc/ssh/sshd_config, and uses no PAM. The work
 * dir is kept when the start fails, or always when env {@code CERTFLOW_IT_KEEP_TMP} is set.
 */
public final class SshServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int LOG_TAIL_BYTES = 4096;
    private static final int MAX_PORT_CLASH_ATTEMPTS = 3;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Path PRIVSEP_DIR = Path.of("/run/sshd");
    private static final Pattern PUBLIC_KEY_LINE = Pattern.compile("(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)"
            + "|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,2}( [^\\r\\n]*)?");

    private final Path workDir;
    private final int port;
    private final String user;
    private final String hostKeyType;
    private final String hostPublicKey;
    private final String hostKeyFingerprint;
    /** The fingerprints of the further host keys, by type: a server has a key of each type, and shows one per connection. */
    private final java.util.Map<String, String> moreHostKeyFingerprints = new java.util.LinkedHashMap<>();
    private final Process process;
    private final Thread shutdownHook;
    private final boolean keepWorkDir;
    private boolean closed;

    private SshServer(Builder b, int port, Path workDir) throws IOException {
        this.workDir = workDir;
        this.port = port;
        this.user = System.getProperty("user.name");
        this.hostKeyType = b.hostKeyType;
        this.keepWorkDir = b.keepWorkDir;
        ChildProcesses.runOrFail(List.of(b.sshKeygen, "-q", "-t", hostKeyType, "-N", "", "-C", "certflow-test-host",
                "-f", hostKey().toString()), workDir, COMMAND_TIMEOUT);
        this.hostPublicKey = withoutComment(Files.readString(workDir.resolve("host_key.pub")));
        // "256 SHA256:abc... certflow-test-host (ED25519)": the second field is the form an operator copies.
        this.hostKeyFingerprint = ChildProcesses.runOrFail(List.of(b.sshKeygen, "-l", "-E", "sha256", "-f",
                workDir.resolve("host_key.pub").toString()), workDir, COMMAND_TIMEOUT).trim().split("\\s+")[1];
        for (String type : b.moreHostKeyTypes) {
            Path key = workDir.resolve("host_key_" + type);
            ChildProcesses.runOrFail(List.of(b.sshKeygen, "-q", "-t", type, "-N", "", "-C", "certflow-test-host", "-f", key.toString()),
                    workDir, COMMAND_TIMEOUT);
            moreHostKeyFingerprints.put(type, ChildProcesses.runOrFail(List.of(b.sshKeygen, "-l", "-E", "sha256", "-f",
                    key + ".pub"), workDir, COMMAND_TIMEOUT).trim().split("\\s+")[1]);
        }
        Files.createFile(authorizedKeys(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(configFile(), config());
        List<String> command = List.of(b.sshd, "-D", "-e", "-f", configFile().toString(), "-p", Integer.toString(port));
        Files.writeString(workDir.resolve("sshd.cmd"), String.join(" ", command) + "\n");
        this.process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        this.shutdownHook = new Thread(this::stopProcess, "ssh-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts sshd with an ed25519 host key and waits until it sends its SSH banner. */
    public static SshServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------- public API

    /** {@code 127.0.0.1}. */
    public String host() {
        return LOOPBACK;
    }

    public int port() {
        return port;
    }

    /** The account to log in as: the one the tests run as (sshd can log in no other when not run as root). */
    public String user() {
        return user;
    }

    /** The host key's SHA-256 fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:} and unpadded base64. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** The fingerprint of a further host key given to {@link Builder#moreHostKeyTypes}, e.g. {@code rsa}. */
    public String hostKeyFingerprint(String type) {
        String fingerprint = moreHostKeyFingerprints.get(type);
        if (fingerprint == null) {
            throw new IllegalArgumentException("This sshd has no further host key of type " + type);
        }
        return fingerprint;
    }

    /** The host public key as an OpenSSH line without comment, e.g. {@code ssh-ed25519 AAAAC3...}. */
    public String hostPublicKey() {
        return hostPublicKey;
    }

    /** The line a client's known_hosts file needs to accept this server: {@code [127.0.0.1]:<port> ssh-ed25519 ...}. */
    public String knownHostsLine() {
        return "[" + LOOPBACK + "]:" + port + " " + hostPublicKey;
    }

    /** sshd's process id (the listener; each connection gets a child of it). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Temp directory holding sshd's config, host key, authorized keys, pid file and log. */
    public Path workDir() {
        return workDir;
    }

    /**
     * Lets the holder of the matching private key log in as {@link #user()}. sshd reads the authorized keys at every
     * login, so this takes effect at once.
     *
     * @param openSshPublicKeyLine e.g. the contents of {@code id_ed25519.pub}: {@code ssh-ed25519 AAAA... comment}
     */
    public void authorize(String openSshPublicKeyLine) throws IOException {
        String line = openSshPublicKeyLine.strip();
        if (!PUBLIC_KEY_LINE.matcher(line).matches()) {
            throw new IllegalArgumentException("Not an OpenSSH public key line: '" + line + "'");
        }
        Files.writeString(authorizedKeys(), line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    }

    /** Same for a Java public key (RSA, EC P-256/384/521 or Ed25519). */
    public void authorize(PublicKey publicKey) throws IOException {
        authorize(openSshPublicKey(publicKey));
    }

    /** A Java public key as an OpenSSH line ({@code ecdsa-sha2-nistp256 AAAA...}), as authorized_keys holds it. */
    public static String openSshPublicKey(PublicKey publicKey) throws IOException {
        byte[] blob = OpenSSHPublicKeyUtil.encodePublicKey(PublicKeyFactory.createKey(publicKey.getEncoded()));
        // The blob starts with the key type as an SSH string: a 4-byte length, then the name.
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        String type = new String(blob, 4, length, StandardCharsets.US_ASCII);
        return type + " " + Base64.getEncoder().encodeToString(blob);
    }

    /**
     * A client key pair made with {@code ssh-keygen} in {@code dir}: the private key file (OpenSSH format, mode 0600,
     * no passphrase) and the public key line to {@link #authorize(String)}.
     */
    public record ClientKey(Path privateKeyFile, String publicKeyLine) {
    }

    /** Makes an ed25519 {@link ClientKey} named {@code name} in {@code dir}. */
    public static ClientKey newClientKey(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        ChildProcesses.runOrFail(List.of(findSshKeygen(), "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                file.toString()), dir, COMMAND_TIMEOUT);
        return new ClientKey(file, Files.readString(dir.resolve(name + ".pub")).strip());
    }

    /** Last part of sshd's log (LogLevel VERBOSE: logins and the key fingerprints they used), for assertion messages. */
    public String logTail() {
        return LogTail.of(log(), LOG_TAIL_BYTES);
    }

    /** Stops sshd and every session it started, and deletes the work dir. */
    @Override
    public void close() {
        stopAndKeep(keepWorkDir);
    }

    // ---------------------------------------------------------------------------------------------- builder

    public static final class Builder {
        private String hostKeyType = "ed25519";
        private List<String> moreHostKeyTypes = List.of();
        private Duration startupTimeout = Duration.ofSeconds(20);
        private boolean keepWorkDir = System.getenv("CERTFLOW_IT_KEEP_TMP") != null;
        private String sshd;
        private String sshKeygen;

        private Builder() {
        }

        /**
         * The host key's type as {@code ssh-keygen -t} takes it: {@code ed25519} (default), {@code ecdsa} or
         * {@code rsa}, for a client library that lacks one of them.
         */
        public Builder hostKeyType(String type) {
            if (!List.of("ed25519", "ecdsa", "rsa").contains(type)) {
                throw new IllegalArgumentException("Host key type must be ed25519, ecdsa or rsa: " + type);
            }
            this.hostKeyType = type;
            return this;
        }

        /**
         * Further host keys, of types as {@link #hostKeyType} takes them: the server then has several and shows the
         * one a client prefers, as most servers do.
         */
        public Builder moreHostKeyTypes(String... types) {
            for (String type : types) {
                if (!List.of("ed25519", "ecdsa", "rsa").contains(type)) {
                    throw new IllegalArgumentException("Host key type must be ed25519, ecdsa or rsa: " + type);
                }
            }
            this.moreHostKeyTypes = List.of(types);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Keep the work dir after {@link #close()} (default: only if env CERTFLOW_IT_KEEP_TMP is set). */
        public Builder keepWorkDir(boolean keep) {
            this.keepWorkDir = keep;
            return this;
        }

        /**
         * Starts sshd and waits until it answers with its SSH banner.
         *
         * @throws IllegalStateException with the tail of sshd's log if it does not come up within the timeout
         */
        public SshServer start() {
            // Absolute path: sshd re-executes itself for every connection and refuses to start from a relative one.
            sshd = ChildProcesses.findBinary("sshd", "CERTFLOW_SSHD_BIN", "openssh-server", "/usr/sbin/sshd");
            sshKeygen = findSshKeygen();
            ensurePrivilegeSeparationDir();
            for (int attempt = 1; ; attempt++) {
                Path workDir;
                try {
                    workDir = Files.createTempDirectory("certflow-sshd-");
                } catch (IOException e) {
                    throw new IllegalStateException("Could not create sshd's work dir: " + e, e);
                }
                SshServer server = null;
                try {
                    server = new SshServer(this, RealServers.freePort(), workDir);
                    server.awaitReady(startupTimeout);
                    return server;
                } catch (RuntimeException | IOException e) {
                    if (server == null) {
                        throw new IllegalStateException("Could not start sshd: " + e + "\n(work dir kept: " + workDir + ")", e);
                    }
                    // A port found free may be taken by someone else before sshd binds it: try another one.
                    boolean retry = server.logContains("Address already in use") && attempt < MAX_PORT_CLASH_ATTEMPTS;
                    String tail = server.logTail();
                    server.stopAndKeep(!retry); // keep the logs of a start that failed for good
                    if (!retry) {
                        throw new IllegalStateException("Could not start sshd: " + e.getMessage() + tail
                                + "\n(work dir kept: " + workDir + ")", e);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- internals

    private Path hostKey() {
        return workDir.resolve("host_key");
    }

    private Path authorizedKeys() {
        return workDir.resolve("authorized_keys");
    }

    private Path configFile() {
        return workDir.resolve("sshd_config");
    }

    private Path log() {
        return workDir.resolve("sshd.log");
    }

    private String config() {
        String dir = workDir.toString();
        if (dir.contains(" ") || dir.contains("\"") || dir.contains("%")) {
            // sshd_config splits on spaces and expands %-tokens in AuthorizedKeysFile
            throw new IllegalStateException("Cannot use this work dir in sshd_config: " + dir);
        }
        return String.join("\n",
                "# Written by the Certflow test harness (SshServer); sshd reads nothing else (-f).",
                "ListenAddress " + LOOPBACK, // the port comes from -p
                "AddressFamily inet",
                "HostKey " + hostKey(),
                moreHostKeyFingerprints.keySet().stream().map(type -> "HostKey " + workDir.resolve("host_key_" + type))
                        .collect(java.util.stream.Collectors.joining("\n")),
                "PidFile " + dir + "/sshd.pid",
                "AuthorizedKeysFile " + authorizedKeys(),
                // The work dir is a temp dir under /tmp, whose ownership and modes sshd's StrictModes would reject.
                "StrictModes no",
                // PAM would bring in /etc/pam.d, account checks and session modules: not what a test wants to depend on.
                "UsePAM no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitEmptyPasswords no",
                // The tests run as root in CI: root may log in, with a key only.
                "PermitRootLogin prohibit-password",
                "AllowUsers " + user,
                // Files are copied over SFTP; sshd's built-in server needs no sftp-server binary.
                "Subsystem sftp internal-sftp",
                "AllowTcpForwarding no",
                "AllowAgentForwarding no",
                "AllowStreamLocalForwarding no",
                "X11Forwarding no",
                "PermitTunnel no",
                "PermitUserRC no",
                "PermitUserEnvironment no",
                "PrintMotd no",
                "PrintLastLog no",
                "UseDNS no",
                // The default (10:30:100) drops connections beyond 10 unauthenticated ones, and a restart test
                // deploys 20 certificates at once.
                "MaxStartups 100",
                "LoginGraceTime 30",
                // VERBOSE logs each login's key fingerprint: what an assertion message wants to show.
                "LogLevel VERBOSE",
                "") + "\n";
    }

    private void awaitReady(Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("no attempt");
        try {
            await("sshd to answer on " + LOOPBACK + ":" + port).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .failFast("sshd exited", () -> !process.isAlive())
                    .until(() -> {
                        String banner = banner();
                        last.set(banner);
                        return banner.startsWith("SSH-2.0-OpenSSH");
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String why = process.isAlive() ? "no SSH banner within " + timeout + " (last: " + last.get() + ")"
                    : "sshd exited with code " + process.exitValue();
            throw new IllegalStateException(why + " (see its log below)", e);
        }
    }

    /** The first line the server sends, e.g. {@code SSH-2.0-OpenSSH_9.2p1 Debian-2}, or why there is none. */
    private String banner() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n' && line.length() < 255; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().strip();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(log(), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private void stopAndKeep(boolean keep) {
        if (closed) {
            return;
        }
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; nothing to undo
        }
        if (!keep) {
            ChildProcesses.deleteRecursively(workDir);
        }
    }

    private synchronized void stopProcess() {
        closed = true;
        ChildProcesses.stopTree(process, Duration.ofSeconds(5));
    }

    /**
     * sshd run as root checks at start that {@code /run/sshd} exists (it chroots its pre-authentication child there);
     * Debian's package creates it only when its own service starts. Without root sshd does not use it.
     */
    private static void ensurePrivilegeSeparationDir() {
        if (!ChildProcesses.runningAsRoot() || Files.isDirectory(PRIVSEP_DIR)) {
            return;
        }
        try {
            Files.createDirectories(PRIVSEP_DIR,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new IllegalStateException("sshd needs " + PRIVSEP_DIR + " and it could not be created: " + e, e);
        }
    }

    private static String findSshKeygen() {
        return ChildProcesses.findBinary("ssh-keygen", "CERTFLOW_SSH_KEYGEN_BIN", "openssh-client", "/usr/bin/ssh-keygen");
    }

    private static String withoutComment(String publicKeyLine) {
        String[] fields = publicKeyLine.strip().split("\\s+");
        return fields[0] + " " + fields[1];
    }
}

package io.certflow.it.support;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import io.certflow.deployment.KeystoreFormat;

/**
 * A Java TLS server for one test, serving the certificate in a PKCS#12 or JKS keystore file: the endpoint a
 * {@code KEYSTORE} deployment target writes the keystore for, reloads and then verifies. It runs
 * {@link KeystoreTlsServerMain} in a JVM of its own (this JVM's java binary and class path), on a free port of
 * 127.0.0.1, and reads the keystore file again on SIGHUP, so the reload command of a target is a real signal to a
 * real process: {@link #reloadCommand()}, {@code kill -HUP <pid>}.
 *
 * <pre>{@code
 * KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, password, "certflow", a);
 * try (KeystoreTlsServer server = KeystoreTlsServer.start(file, KeystoreFormat.PKCS12, password, "certflow")) {
 *     KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, password, "certflow", b);
 *     server.reload();
 *     server.awaitServedSerial(b.serial(), "app.example.test", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Like a real server it keeps serving what it has when the file does not load: each (re)load is a line of its log,
 * {@link #loads()}, saying which serial it serves afterwards and, for a failed one, why. The log, the password file
 * and the command line are in a temp work dir, kept when the start fails, or always when env
 * {@code CERTFLOW_IT_KEEP_TMP} is set.
 */
public final class KeystoreTlsServer implements AutoCloseable {

    private static final int LOG_TAIL_BYTES = 4096;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Pattern LOAD = Pattern.compile(
            "^load (\\d+) (ok|failed): (?:still )?serving serial ([0-9a-f]+)(?:: (.*))?$", Pattern.MULTILINE);
    private static final Pattern LISTENING = Pattern.compile(
            "^" + Pattern.quote(KeystoreTlsServerMain.LISTENING) + "(\\d+)$", Pattern.MULTILINE);

    private final Path keystore;
    private final KeystoreFormat format;
    private final String alias;
    private final Path workDir;
    private final boolean keepWorkDir;
    private final Process process;
    private final Thread shutdownHook;
    private int port;
    private boolean closed;

    /**
     * One load of the keystore file: {@code number} 0 at the start, n for the n-th SIGHUP; {@code serial} is what the
     * server serves after it, the new one if {@code applied}, else the old one, and {@code reason} says why not.
     */
    public record Load(int number, boolean applied, BigInteger serial, String reason) {
    }

    private KeystoreTlsServer(Path keystore, KeystoreFormat format, String password, String alias, boolean keepWorkDir)
            throws IOException {
        this.keystore = keystore;
        this.format = format;
        this.alias = alias;
        this.keepWorkDir = keepWorkDir;
        this.workDir = Files.createTempDirectory("certflow-keystore-server-");
        Path passwordFile = Files.createFile(passwordFile(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password);
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of(keystore.toString(), format.name(), alias, passwordFile.toString()));
        Files.writeString(workDir.resolve("server.cmd"), String.join(" ", command) + "\n");
        this.process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        this.shutdownHook = new Thread(this::stopProcess, "keystore-tls-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server presenting the entry {@code alias} of the keystore file and waits (at most a minute) until it
     * completes a TLS handshake.
     *
     * @throws IllegalStateException with the server's log (why the keystore did not load) if it does not come up
     */
    public static KeystoreTlsServer start(Path keystore, KeystoreFormat format, String password, String alias) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(alias, "alias");
        KeystoreTlsServer server;
        try {
            server = new KeystoreTlsServer(keystore.toAbsolutePath(), format, password, alias,
                    System.getenv("CERTFLOW_IT_KEEP_TMP") != null);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the keystore TLS server: " + e, e);
        }
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            String tail = server.logTail();
            server.stopAndKeep(true); // a start that failed keeps its log for a person to look at
            throw new IllegalStateException("Could not start the keystore TLS server: " + e.getMessage() + tail
                    + "\n(work dir kept: " + server.workDir + ")", e);
        }
    }

    /**
     * Writes {@code certificate}'s key and chain (leaf, then CA) as the only entry {@code alias} of a new keystore
     * file, through a temporary file in the same directory and a rename (mode 0600), as Certflow writes a keystore.
     */
    public static void writeKeystore(Path file, KeystoreFormat format, String password, String alias,
                                     ServerCertificates.Issued certificate) throws IOException {
        char[] secret = password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance(format.name());
            store.load(null, null);
            store.setKeyEntry(alias, certificate.privateKey(), secret,
                    new Certificate[] {certificate.certificate(), certificate.ca()});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, secret);
            writeAtomically(file, out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write a " + format + " keystore", e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** Replaces {@code file} with {@code content} through a temporary file and a rename (mode 0600). */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, content);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // ---------------------------------------------------------------------------------------------- public API

    /** The TLS port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The server JVM's process id, the one its reload command signals. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The keystore file it reads at the start and on every SIGHUP. */
    public Path keystore() {
        return keystore;
    }

    /** Temp directory holding the log, the password file and the command line. */
    public Path workDir() {
        return workDir;
    }

    /** Everything the server printed: one line per (re)load, and the JVM's own complaints. */
    public Path log() {
        return workDir.resolve("server.log");
    }

    /**
     * The argument list a deployment target's configured reload command uses for this server:
     * {@code /bin/kill -HUP <pid>}, the binary by its absolute path because a reload command runs without a shell.
     * Like many servers' reload it exits 0 once the signal is sent, whether the new keystore then loads or not: only
     * the served certificate shows that.
     */
    public List<String> reloadCommand() {
        String kill = ChildProcesses.findBinary("kill", "CERTFLOW_KILL_BIN", "procps", "/bin/kill", "/usr/bin/kill");
        return List.of(kill, "-HUP", Long.toString(pid()));
    }

    /**
     * A reload command that checks before it signals, as {@code nginx -s reload} does: a JVM that loads the keystore
     * file with the server's format, alias and password and runs {@code kill -HUP <pid>} only when that works; else it
     * exits 1 without signalling, its first line saying why. A keystore the server could not use is then refused by the
     * reload command itself, and a rollback's reload of the old keystore succeeds.
     */
    public List<String> checkingReloadCommand() {
        List<String> command = new ArrayList<>(java());
        command.addAll(List.of(KeystoreTlsServerMain.RELOAD, Long.toString(pid()), keystore.toString(), format.name(), alias,
                passwordFile().toString()));
        return command;
    }

    /** Every (re)load so far, the start first. */
    public List<Load> loads() {
        List<Load> loads = new ArrayList<>();
        Matcher line = LOAD.matcher(logText());
        while (line.find()) {
            loads.add(new Load(Integer.parseInt(line.group(1)), "ok".equals(line.group(2)),
                    new BigInteger(line.group(3), 16), line.group(4)));
        }
        return loads;
    }

    /**
     * Runs {@link #reloadCommand()} and waits (at most 20 s) until the server has read the keystore file again;
     * returns what it made of it. The signal is handled in order, so the load returned is the one this signal caused.
     */
    public Load reload() {
        requireRunning();
        int next = loads().size();
        CommandResult sent = ChildProcesses.run(reloadCommand(), workDir, COMMAND_TIMEOUT);
        if (sent.exitCode() != 0) {
            throw new IllegalStateException("kill -HUP " + pid() + " exited " + sent.exitCode() + ": " + sent.output());
        }
        return awaitLoad(next, RELOAD_TIMEOUT);
    }

    /** Waits until the server logged load {@code number} (0 the start, n the n-th SIGHUP), at most {@code max}. */
    public Load awaitLoad(int number, Duration max) {
        AtomicReference<Load> found = new AtomicReference<>();
        try {
            await("the keystore server to report load " + number).atMost(max).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .failFast("the keystore server exited", () -> !process.isAlive())
                    .until(() -> {
                        found.set(load(number).orElse(null));
                        return found.get() != null;
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("The keystore server (pid " + pid() + ") did not report load " + number + " within "
                    + max + logTail(), e);
        }
        return found.get();
    }

    /** The leaf certificate the server presents to a new TLS connection with SNI {@code serverName} (none if null). */
    public X509Certificate servedCertificate(String serverName) throws IOException {
        return TlsPeek.leaf(port, serverName);
    }

    /**
     * Waits until the server presents the certificate with {@code serial} for {@code serverName}, at most {@code max},
     * and returns it; new handshakes every 100 ms.
     *
     * @throws AssertionError naming the serial last served (or the last handshake error) and the server's log
     */
    public X509Certificate awaitServedSerial(BigInteger serial, String serverName, Duration max) {
        Objects.requireNonNull(serial, "serial");
        AtomicReference<X509Certificate> served = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("no handshake yet");
        try {
            await("the keystore server to serve serial " + serial.toString(16)).atMost(max).pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .failFast("the keystore server exited", () -> !process.isAlive())
                    .until(() -> {
                        try {
                            X509Certificate certificate = servedCertificate(serverName);
                            served.set(certificate);
                            last.set("serial " + certificate.getSerialNumber().toString(16) + " ("
                                    + certificate.getSubjectX500Principal() + ")");
                            return serial.equals(certificate.getSerialNumber());
                        } catch (IOException e) {
                            last.set(e.toString());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("The keystore server on port " + port + " did not serve serial " + serial.toString(16)
                    + " for " + (serverName == null ? "no SNI" : serverName) + " within " + max + "; last seen: "
                    + last.get() + logTail(), e);
        }
        return served.get();
    }

    /** The last part of the server's log, for assertion messages. */
    public String logTail() {
        return LogTail.of(log(), LOG_TAIL_BYTES);
    }

    /** Stops the server JVM (SIGTERM, then SIGKILL) and deletes the work dir unless it is to be kept. */
    @Override
    public void close() {
        stopAndKeep(keepWorkDir);
    }

    // ---------------------------------------------------------------------------------------------- internals

    private void awaitReady() {
        AtomicReference<String> last = new AtomicReference<>("not listening yet");
        try {
            await("the keystore server to serve TLS").atMost(STARTUP_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .failFast("the keystore server exited", () -> !process.isAlive())
                    .until(() -> {
                        Matcher listening = LISTENING.matcher(logText());
                        if (!listening.find()) {
                            return false;
                        }
                        port = Integer.parseInt(listening.group(1));
                        try {
                            servedCertificate(null);
                            return true;
                        } catch (IOException e) {
                            last.set(e.toString());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String why = process.isAlive() ? "no TLS handshake within " + STARTUP_TIMEOUT + " (last: " + last.get() + ")"
                    : "the server exited with code " + process.exitValue();
            throw new IllegalStateException(why + " (see its log below)", e);
        }
    }

    private Optional<Load> load(int number) {
        return loads().stream().filter(load -> load.number() == number).findFirst();
    }

    private String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void requireRunning() {
        if (closed || !process.isAlive()) {
            throw new IllegalStateException("The keystore server is not running" + logTail());
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

    private Path passwordFile() {
        return workDir.resolve("password");
    }

    /** {@link KeystoreTlsServerMain} on this JVM's java and class path, small and quick to start on a busy machine. */
    private static List<String> java() {
        return List.of(javaBinary(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                KeystoreTlsServerMain.class.getName());
    }

    /** The java binary of this JVM, so that the server runs on the same Java. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * This JVM's class path. Failsafe starts the test JVM through a manifest-only jar and records the real class path
     * in its own property; an empty entry (the working directory) is dropped.
     */
    private static String classPath() {
        String real = System.getProperty("surefire.test.class.path");
        String path = real != null && !real.isBlank() ? real : System.getProperty("java.class.path");
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }
}

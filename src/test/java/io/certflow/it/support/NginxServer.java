package io.certflow.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;


import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real nginx (Debian's {@code nginx} package) for one test, run as a child process with TLS on a free port of
 * 127.0.0.1: the endpoint a deployment writes certificate files for, reloads and then verifies.
 *
 * <p>Each site serves {@code <certificateDir>/fullchain.pem} and {@code <certificateDir>/privkey.pem} from a
 * directory the test chooses, so a {@code PEM_FILES} deployment target can point at exactly those paths. The files
 * must hold a valid certificate and key when nginx starts (nginx refuses to start otherwise);
 * {@link ServerCertificates} makes them.
 *
 * <pre>{@code
 * try (NginxServer nginx = NginxServer.start(certificateDir)) {
 *     newCertificate.writePemFiles(certificateDir);
 *     nginx.reload();
 *     nginx.awaitServedSerial(newCertificate.serial(), "www.example.test", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>nginx is started as {@code nginx -p <workDir>/ -c <workDir>/nginx.conf -e <workDir>/error.log} with
 * {@code daemon off;} in its own config, so the process the test started is nginx's master (its {@link #pid()}) and
 * the test owns it. Everything nginx writes goes to the temp work dir: the pid file, the error log ({@code -e}, because
 * nginx opens the compiled-in log before it reads any config), the lock file and the HTTP temp directories (Debian
 * compiles in {@code /var/lib/nginx/...}, which nginx would create at start). There is no access log, /etc/nginx is
 * never read and nothing listens on port 80. The work dir is kept when the start fails, or always when env
 * {@code CERTFLOW_IT_KEEP_TMP} is set.
 */
public final class NginxServer implements AutoCloseable {

    /** The file names each site serves from its directory, as a PEM_FILES target would write them. */
    public static final String FULL_CHAIN_FILE = "fullchain.pem";
    public static final String PRIVATE_KEY_FILE = "privkey.pem";

    private static final String LOOPBACK = "127.0.0.1";
    private static final int LOG_TAIL_BYTES = 4096;
    private static final int MAX_PORT_CLASH_ATTEMPTS = 3;
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    /** A server name as SNI carries it; also keeps anything nginx would parse out of the config. */
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private final Path workDir;
    private final int port;
    private final Path defaultCertificateDir;
    private final Map<String, Path> sites;
    private final String binary;
    private final Process process;
    private final Thread shutdownHook;
    private final boolean keepWorkDir;
    private boolean closed;

    private NginxServer(Builder b, int port) throws IOException {
        this.port = port;
        this.defaultCertificateDir = b.defaultCertificateDir;
        this.sites = Map.copyOf(b.sites);
        this.binary = b.binary;
        this.keepWorkDir = b.keepWorkDir;
        this.workDir = Files.createTempDirectory("certflow-nginx-");
        Files.createDirectories(workDir.resolve("tmp"));
        Files.writeString(configFile(), config());
        List<String> command = List.of(binary, "-p", prefix(), "-c", configFile().toString(), "-e", errorLog().toString());
        Files.writeString(workDir.resolve("nginx.cmd"), String.join(" ", command) + "\n");
        this.process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                // Messages before the error log is open, e.g. a bad -c path: the same file, so logTail() shows them.
                .redirectOutput(ProcessBuilder.Redirect.appendTo(errorLog().toFile()))
                .start();
        this.shutdownHook = new Thread(this::stopProcess, "nginx-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts nginx serving the files in {@code certificateDir} for every server name (and for none). */
    public static NginxServer start(Path certificateDir) {
        return builder().certificateDir(certificateDir).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------- public API

    /** The TLS port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The nginx master's process id (the process this class started). */
    public long pid() {
        return process.pid();
    }

    /** Whether the master still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** nginx's prefix ({@code -p}): the work dir, with the trailing slash nginx expects. */
    public String prefix() {
        return workDir + "/";
    }

    public Path configFile() {
        return workDir.resolve("nginx.conf");
    }

    public Path errorLog() {
        return workDir.resolve("error.log");
    }

    public Path pidFile() {
        return workDir.resolve("nginx.pid");
    }

    /** Temp directory holding config, pid file, error log and nginx's HTTP temp directories. */
    public Path workDir() {
        return workDir;
    }

    /** The directory whose files the default site serves (any server name without a site of its own). */
    public Path certificateDir() {
        return defaultCertificateDir;
    }

    /** The directory whose files are served for {@code serverName}: its site's, else the default one. */
    public Path certificateDir(String serverName) {
        return serverName == null ? defaultCertificateDir : sites.getOrDefault(serverName.toLowerCase(), defaultCertificateDir);
    }

    /**
     * The argument list a deployment target's configured reload command uses for this nginx, e.g.
     * {@code certflow.deployment.reload-commands.nginx: [<this list>]}: {@code nginx -p .. -c .. -e .. -s reload}.
     * It must name the same prefix and config to find this nginx's pid file, and {@code -e} so that it does not open
     * the system's error log. The binary is named by its absolute path: a reload command runs without a shell, and
     * /usr/sbin is not on every user's PATH. Like any operator's {@code nginx -s reload}, it parses the new config first and exits 1
     * without signalling the master when a certificate does not load, so a failed reload shows in its exit code.
     */
    public List<String> reloadCommand() {
        return List.of(binary, "-p", prefix(), "-c", configFile().toString(), "-e", errorLog().toString(), "-s", "reload");
    }

    /** Runs {@link #reloadCommand()} (bounded, 30 s) and returns its exit code and output; it does not wait for nginx. */
    public CommandResult runReloadCommand() {
        return ChildProcesses.run(reloadCommand(), workDir, COMMAND_TIMEOUT);
    }

    /** What the master did with one reload: applied the new config, or kept the old one (and why, in its log). */
    public record Reload(boolean applied, String log) {
    }

    /**
     * Sends SIGHUP to the master and waits (at most 20 s) until its error log shows what it made of it: new workers
     * started ({@code applied}) or an error while loading the config, after which nginx keeps serving the old config
     * ({@code applied == false}).
     *
     * <p>This signals the master directly rather than running {@link #reloadCommand()} because that command checks the
     * new config itself and does not signal at all when it is broken: only SIGHUP shows what the running nginx does
     * with a broken certificate, the behaviour a rollback relies on. The served certificate may still be the old one
     * for a moment after this returns (old workers finish gracefully): use {@link #awaitServedSerial}.
     */
    public Reload reload() {
        requireRunning();
        long offset = logSize();
        ChildProcesses.signal(pid(), "HUP", workDir);
        AtomicReference<Reload> outcome = new AtomicReference<>();
        try {
            await("nginx to act on SIGHUP").atMost(RELOAD_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .failFast("nginx exited", () -> !process.isAlive())
                    .until(() -> {
                        outcome.set(reloadOutcome(logSince(offset)));
                        return outcome.get() != null;
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new IllegalStateException("nginx (pid " + pid() + ") did not report the outcome of SIGHUP within "
                    + RELOAD_TIMEOUT + ": " + e.getMessage() + logTail(), e);
        }
        return outcome.get();
    }

    /**
     * The leaf certificate nginx presents to a new TLS connection to 127.0.0.1:port with SNI {@code serverName}
     * (none if null). Every certificate is accepted: the test wants to see what is served, not to validate it.
     */
    public X509Certificate servedCertificate(String serverName) throws IOException {
        return TlsPeek.leaf(port, serverName);
    }

    /**
     * Waits until nginx serves the certificate with {@code serial} for {@code serverName}, at most {@code max}, and
     * returns it. nginx reloads asynchronously, so this polls: new handshakes every 100 ms.
     *
     * @throws AssertionError naming the serial last served (or the last handshake error) and nginx's log tail
     */
    public X509Certificate awaitServedSerial(BigInteger serial, String serverName, Duration max) {
        Objects.requireNonNull(serial, "serial");
        AtomicReference<X509Certificate> served = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("no handshake yet");
        try {
            await("nginx to serve serial " + serial.toString(16)).atMost(max).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .failFast("nginx exited", () -> !process.isAlive())
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
            throw new AssertionError("nginx on port " + port + " did not serve serial " + serial.toString(16) + " for "
                    + (serverName == null ? "no SNI" : serverName) + " within " + max + "; last seen: " + last.get()
                    + logTail(), e);
        }
        return served.get();
    }

    /** Last part of nginx's error log (master, workers and reload commands), for assertion messages. */
    public String logTail() {
        return LogTail.of(errorLog(), LOG_TAIL_BYTES);
    }

    /** Stops nginx (SIGTERM, then SIGKILL for the master and its workers) and deletes the work dir. */
    @Override
    public void close() {
        stopAndKeep(keepWorkDir);
    }

    // ---------------------------------------------------------------------------------------------- builder

    public static final class Builder {
        private Path defaultCertificateDir;
        private final Map<String, Path> sites = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(20);
        private String binary;
        private boolean keepWorkDir = System.getenv("CERTFLOW_IT_KEEP_TMP") != null;

        private Builder() {
        }

        /** Required: the directory with {@value #FULL_CHAIN_FILE} and {@value #PRIVATE_KEY_FILE} of the default site. */
        public Builder certificateDir(Path dir) {
            this.defaultCertificateDir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
            return this;
        }

        /** A further site: SNI {@code serverName} gets the files in {@code dir} (e.g. one site per deployment target). */
        public Builder site(String serverName, Path dir) {
            if (serverName == null || !SERVER_NAME.matcher(serverName).matches()) {
                throw new IllegalArgumentException("Not a server name: '" + serverName + "'");
            }
            if (sites.put(serverName.toLowerCase(), Objects.requireNonNull(dir, "dir").toAbsolutePath()) != null) {
                throw new IllegalArgumentException("Site " + serverName + " given twice");
            }
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
         * Starts nginx and waits until it completes a TLS handshake.
         *
         * @throws IllegalStateException with the tail of nginx's log if it does not come up within the timeout
         */
        public NginxServer start() {
            if (defaultCertificateDir == null) {
                throw new IllegalStateException("NginxServer needs certificateDir(...)");
            }
            List<Path> dirs = new ArrayList<>(sites.values());
            dirs.add(defaultCertificateDir);
            for (Path dir : dirs) {
                checkConfigPath(dir);
                for (String file : List.of(FULL_CHAIN_FILE, PRIVATE_KEY_FILE)) {
                    if (!Files.isRegularFile(dir.resolve(file))) {
                        throw new IllegalStateException("nginx would not start: no " + dir.resolve(file)
                                + " (write the files first, e.g. ServerCertificates...writePemFiles(dir))");
                    }
                }
            }
            binary = ChildProcesses.findBinary("nginx", "CERTFLOW_NGINX_BIN", "nginx", "/usr/sbin/nginx");
            for (int attempt = 1; ; attempt++) {
                NginxServer server = null;
                try {
                    server = new NginxServer(this, RealServers.freePort());
                    server.awaitReady(startupTimeout);
                    return server;
                } catch (RuntimeException | IOException e) {
                    if (server == null) {
                        throw new IllegalStateException("Could not start nginx: " + e, e);
                    }
                    // A port found free may be taken by someone else before nginx binds it: try another one.
                    boolean retry = server.logContains("Address already in use") && attempt < MAX_PORT_CLASH_ATTEMPTS;
                    String tail = server.logTail();
                    server.stopAndKeep(!retry); // keep the logs of a start that failed for good
                    if (!retry) {
                        throw new IllegalStateException("Could not start nginx: " + e.getMessage() + tail
                                + "\n(work dir kept: " + server.workDir + ")", e);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- internals

    private void awaitReady(Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("no attempt");
        try {
            await("nginx to serve TLS on " + LOOPBACK + ":" + port).atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .failFast("nginx exited", () -> !process.isAlive())
                    .until(() -> {
                        try {
                            servedCertificate(null);
                            return true;
                        } catch (IOException e) {
                            last.set(e.toString());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String why = process.isAlive() ? "no TLS handshake within " + timeout + " (last: " + last.get() + ")"
                    : "nginx exited with code " + process.exitValue();
            throw new IllegalStateException(why + " (see its log below)", e);
        }
    }

    private String config() {
        String dir = workDir.toString();
        StringBuilder conf = new StringBuilder();
        if (ChildProcesses.runningAsRoot()) {
            // A root master runs its workers as "nobody" by default; they could not enter this 0700 temp dir (e.g. for
            // request body temp files). The tests run as root in CI, and the master reads the certificates anyway.
            conf.append("user root;\n");
        }
        conf.append("daemon off;\n") // the test's child process is the master and stays its parent
                .append("master_process on;\n") // reloads are the master's job: SIGHUP, new workers, old ones drained
                .append("worker_processes 1;\n") // the machine has few cores, and one worker is enough for a test
                .append("pid ").append(quoted(dir + "/nginx.pid")).append(";\n")
                .append("lock_file ").append(quoted(dir + "/nginx.lock")).append(";\n")
                // notice: the level of "reconfiguring" and "start worker process", which reload() waits for
                .append("error_log ").append(quoted(dir + "/error.log")).append(" notice;\n")
                .append("events {\n    worker_connections 64;\n}\n")
                .append("http {\n")
                .append("    access_log off;\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            // Debian compiles these in under /var/lib/nginx, and nginx creates them at start even when unused.
            conf.append("    ").append(temp).append("_temp_path ").append(quoted(dir + "/tmp/" + temp)).append(";\n");
        }
        conf.append(server("_", defaultCertificateDir, true));
        sites.forEach((name, certDir) -> conf.append(server(name, certDir, false)));
        return conf.append("}\n").toString();
    }

    private String server(String serverName, Path certificateDir, boolean defaultServer) {
        return "    server {\n"
                + "        listen " + LOOPBACK + ":" + port + " ssl" + (defaultServer ? " default_server" : "") + ";\n"
                + "        server_name " + serverName + ";\n"
                + "        ssl_certificate " + quoted(certificateDir.resolve(FULL_CHAIN_FILE).toString()) + ";\n"
                + "        ssl_certificate_key " + quoted(certificateDir.resolve(PRIVATE_KEY_FILE).toString()) + ";\n"
                + "        location / {\n"
                + "            return 200 \"certflow test nginx: " + serverName + "\\n\";\n"
                + "        }\n"
                + "    }\n";
    }

    /**
     * The master's verdict on the reload logged after {@code log}'s start, or null while it has none. Only the
     * master's lines count ({@code [notice] <pid>#...}): a reload command's own errors go to the same log.
     */
    private Reload reloadOutcome(String log) {
        String marker = " " + pid() + "#";
        List<String> lines = log.lines().filter(line -> line.contains(marker)).toList();
        int reconfiguring = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(": reconfiguring")) {
                reconfiguring = i;
                break;
            }
        }
        if (reconfiguring < 0) {
            return null;
        }
        List<String> after = lines.subList(reconfiguring, lines.size());
        for (String line : after) {
            if (line.contains("[emerg]") || line.contains("[alert]") || line.contains("[crit]")) {
                return new Reload(false, String.join("\n", after));
            }
            if (line.contains("start worker process ")) {
                return new Reload(true, String.join("\n", after));
            }
        }
        return null;
    }

    private long logSize() {
        try {
            return Files.exists(errorLog()) ? Files.size(errorLog()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(errorLog().toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(errorLog(), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private void requireRunning() {
        if (closed || !process.isAlive()) {
            throw new IllegalStateException("nginx is not running" + logTail());
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
     * Quotes a path for nginx.conf. A {@code $} would make nginx treat it as a variable and load the certificate at
     * every handshake, which no reload test could notice, so such paths are refused along with quotes and backslashes.
     */
    private static String quoted(String s) {
        checkConfigPath(Path.of(s));
        return "\"" + s + "\"";
    }

    private static void checkConfigPath(Path path) {
        String s = path.toString();
        if (s.contains("\"") || s.contains("\\") || s.contains("$") || s.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("Cannot use this path in nginx.conf: " + s);
        }
    }
}

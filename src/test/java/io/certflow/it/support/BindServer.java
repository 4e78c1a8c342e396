package io.certflow.it.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A real BIND ({@code named}) for one test, run as a child process on 127.0.0.1.
 *
 * <p>dns-01 validation and CAA checking are only worth testing against a DNS server that behaves like the ones
 * customers run: RFC 2136 dynamic updates that must be TSIG-signed and may be refused, real authoritative answers,
 * NXDOMAIN/NODATA, CAA records parsed by a real implementation. pebble-challtestsrv fakes all of that (it answers
 * anything), so tests that need the failure modes use this server, and point Pebble at it with
 * {@link PebbleServer.Builder#dnsServer(String)}.
 *
 * <pre>{@code
 * try (BindServer bind = BindServer.start(List.of(
 *         new BindServer.Zone("dns01.test", "www IN A 127.0.0.1", true),
 *         new BindServer.Zone("caa.test", "@ IN CAA 0 issue \"other-ca.example\"", false)))) {
 *     certflow.useRfc2136(bind.address(), bind.tsigKeyName(), bind.tsigAlgorithm(), bind.tsigSecret());
 * }
 * }</pre>
 *
 * <p>TTLs and the SOA minimum are 5 s so that nothing downstream (Pebble's VA) holds on to a stale or negative answer
 * for long. The temp directory (config, zone files, journals, {@code named.log}) is kept when the start fails, or
 * always when env {@code CERTFLOW_IT_KEEP_TMP} is set.
 */
public final class BindServer implements AutoCloseable {

    /** The TSIG key's name as written in named.conf and in signed messages (a domain name, hence the dot). */
    public static final String TSIG_KEY_NAME = "certflow-test-key.";
    public static final String TSIG_ALGORITHM = "hmac-sha256";

    private static final String LOOPBACK = "127.0.0.1";
    private static final int LOG_TAIL_BYTES = 4096;
    private static final int MAX_PORT_CLASH_ATTEMPTS = 3;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern ZONE_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    /**
     * One zone served by this BIND.
     *
     * @param name      zone apex, e.g. {@code dns01.test} (a trailing dot is allowed)
     * @param records   zone-file lines relative to the apex, e.g. {@code www IN A 127.0.0.1}; SOA, NS and
     *                  {@code ns1} are added
     * @param updatable whether TSIG-signed dynamic updates with this server's key are allowed (else all are refused)
     */
    public record Zone(String name, String records, boolean updatable) {
        public Zone {
            Objects.requireNonNull(name, "name");
            name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            if (!ZONE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a zone name: '" + name + "'");
            }
            records = records == null ? "" : records;
        }
    }

    private final Path workDir;
    private final int port;
    private final List<Zone> zones;
    private final String tsigSecret;
    private final Process process;
    private final Thread shutdownHook;
    private final boolean keepWorkDir = System.getenv("CERTFLOW_IT_KEEP_TMP") != null;
    private boolean closed;

    private BindServer(List<Zone> zones, int port) throws IOException {
        this.zones = List.copyOf(zones);
        this.port = port;
        this.workDir = Files.createTempDirectory("certflow-bind-");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.tsigSecret = Base64.getEncoder().encodeToString(secret);
        for (Zone zone : this.zones) {
            Files.writeString(zoneFile(zone), zoneFileText(zone));
        }
        Files.writeString(workDir.resolve("root.zone"), "$ORIGIN .\n$TTL 5\n@ IN SOA ns1.root. hostmaster.root. ( 1 60 30 600 5 )\n"
                + "@ IN NS ns1.root.\nns1.root. IN A " + LOOPBACK + "\n");
        Files.writeString(workDir.resolve("named.conf"), namedConf());
        List<String> command = List.of(findNamed(), "-g", "-c", workDir.resolve("named.conf").toString(),
                "-4", "-n", "1");
        Files.writeString(workDir.resolve("named.cmd"), String.join(" ", command) + "\n");
        this.process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("named.log").toFile())
                .start();
        this.shutdownHook = new Thread(this::stopProcess, "bind-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts BIND authoritative for the given zones and waits until each answers its SOA.
     *
     * @throws IllegalStateException with the tail of named's log if it does not come up within 20 s
     */
    public static BindServer start(List<Zone> zones) {
        if (zones == null || zones.isEmpty()) {
            throw new IllegalArgumentException("BindServer needs at least one zone");
        }
        if (zones.stream().map(Zone::name).map(String::toLowerCase).distinct().count() != zones.size()) {
            throw new IllegalArgumentException("Duplicate zone names: " + zones);
        }
        for (int attempt = 1; ; attempt++) {
            BindServer server = null;
            try {
                server = new BindServer(zones, freeTcpAndUdpPort());
                server.awaitReady();
                return server;
            } catch (RuntimeException | IOException e) {
                if (server == null) {
                    throw new IllegalStateException("Could not start BIND: " + e, e);
                }
                String tail = server.logTail();
                // A port found free may be taken by someone else before named binds it: try another one.
                boolean retry = server.portClash() && attempt < MAX_PORT_CLASH_ATTEMPTS;
                server.stopAndKeep(!retry); // keep the logs of a start that failed for good
                if (retry) {
                    continue;
                }
                if (e instanceof IllegalStateException ise) {
                    throw ise;
                }
                throw new IllegalStateException("Could not start BIND: " + e + tail, e);
            }
        }
    }

    /** Same as {@link #start(List)}. */
    public static BindServer start(Zone... zones) {
        return start(List.of(zones));
    }

    // ---------------------------------------------------------------------------------------------- public API

    /** Port named listens on at 127.0.0.1, UDP and TCP. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, as Pebble's {@code -dnsserver} and an RFC 2136 client want it. */
    public String address() {
        return LOOPBACK + ":" + port;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    /** {@value #TSIG_KEY_NAME} */
    public String tsigKeyName() {
        return TSIG_KEY_NAME;
    }

    /** {@value #TSIG_ALGORITHM} */
    public String tsigAlgorithm() {
        return TSIG_ALGORITHM;
    }

    /** The TSIG key's secret, base64 of 32 random bytes, new for every start. */
    public String tsigSecret() {
        return tsigSecret;
    }

    /** The key as a dnsjava {@link TSIG}, for signing updates in tests ({@code resolver.setTSIGKey(bind.tsig())}). */
    public TSIG tsig() {
        return new TSIG(TSIG.HMAC_SHA256, TSIG_KEY_NAME, tsigSecret);
    }

    public List<Zone> zones() {
        return zones;
    }

    /** Temp directory holding named.conf, zone files, journals and {@code named.log}. */
    public Path workDir() {
        return workDir;
    }

    /**
     * Asks this BIND directly (no cache) for {@code name}'s records of {@code type} (e.g. {@link Type#TXT}).
     *
     * @return the rdata of each answer record: for TXT the concatenated strings without quotes, otherwise
     *     dnsjava's presentation form (CAA: {@code 0 issue "other-ca.example"}, A: {@code 127.0.0.1}); empty on
     *     NXDOMAIN and NODATA
     * @throws IllegalStateException on any other rcode (e.g. REFUSED for a name outside the zones) or no answer
     */
    public List<String> query(String name, int type) {
        Message response;
        try {
            Name qname = Name.fromString(name.endsWith(".") ? name : name + ".");
            SimpleResolver resolver = resolver();
            response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Not a domain name: " + name, e);
        } catch (IOException e) {
            throw new IllegalStateException("BIND at " + address() + " did not answer " + name + "/"
                    + Type.string(type) + ": " + e + logTail(), e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new IllegalStateException("BIND answered " + Rcode.string(rcode) + " to " + name + "/"
                    + Type.string(type) + ":\n" + response);
        }
        List<String> values = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() != type) {
                continue; // e.g. a CNAME in front of the answer
            }
            values.add(r instanceof TXTRecord txt ? String.join("", txt.getStrings()) : r.rdataToString());
        }
        return values;
    }

    /** A fresh dnsjava resolver aimed at this BIND (UDP, 5 s timeout, unsigned). */
    public SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(socketAddress());
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver;
    }

    /** Last part of named's output, for assertion messages. */
    public String logTail() {
        return LogTail.of(workDir.resolve("named.log"), LOG_TAIL_BYTES);
    }

    /** Stops named and deletes the temp directory (kept if env CERTFLOW_IT_KEEP_TMP is set). */
    @Override
    public void close() {
        stopAndKeep(keepWorkDir);
    }

    // ---------------------------------------------------------------------------------------------- internals

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
            deleteRecursively(workDir);
        }
    }

    private synchronized void stopProcess() {
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        String last = "no attempt";
        List<Zone> pending = new ArrayList<>(zones);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("named exited early with code " + process.exitValue()
                        + " (see its log below)" + logTail());
            }
            if (portClash()) {
                throw new IllegalStateException("named could not bind " + address() + logTail());
            }
            if (logContains("not loaded due to errors")) { // named keeps running and answers SERVFAIL
                throw new IllegalStateException("named rejected a zone file (see its log below)" + logTail());
            }
            Zone zone = pending.get(0);
            try {
                SimpleResolver resolver = resolver();
                resolver.setTimeout(Duration.ofMillis(500));
                Message response = resolver.send(Message.newQuery(
                        Record.newRecord(Name.fromString(zone.name() + "."), Type.SOA, DClass.IN)));
                boolean authoritative = response.getHeader().getFlag(Flags.AA);
                if (response.getRcode() == Rcode.NOERROR && authoritative
                        && !response.getSection(Section.ANSWER).isEmpty()) {
                    pending.remove(0);
                    if (pending.isEmpty()) {
                        if (portClash()) { // logged before the zones load, so it is in the log by now
                            throw new IllegalStateException("named could not bind " + address() + logTail());
                        }
                        return;
                    }
                    continue;
                }
                last = zone.name() + " SOA: " + Rcode.string(response.getRcode()) + (authoritative ? "" : " (not AA)");
            } catch (IOException e) {
                last = zone.name() + " SOA: " + e;
            }
            sleep(100);
        }
        throw new IllegalStateException("BIND at " + address() + " did not serve " + pending.get(0).name()
                + " within " + STARTUP_TIMEOUT + " (last: " + last + ")" + logTail());
    }

    /**
     * Whether named found its port taken. It keeps running when only TCP is taken ("creating TCP socket: address in
     * use") and exits when UDP is ("unable to listen on any configured interfaces"), so the log is the place to look.
     */
    private boolean portClash() {
        return logContains("address in use") || logContains("unable to listen on any configured interfaces");
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(workDir.resolve("named.log"), StandardCharsets.ISO_8859_1).toLowerCase()
                    .contains(text.toLowerCase());
        } catch (IOException e) {
            return false;
        }
    }

    private Path zoneFile(Zone zone) {
        return workDir.resolve(zone.name().toLowerCase() + ".zone");
    }

    private static String zoneFileText(Zone zone) {
        String apex = zone.name() + ".";
        return "$ORIGIN " + apex + "\n"
                + "$TTL 5\n"
                // serial refresh retry expire minimum(negative-caching TTL)
                + "@ IN SOA ns1." + apex + " hostmaster." + apex + " ( 1 60 30 600 5 )\n"
                + "@ IN NS ns1." + apex + "\n"
                + "ns1 IN A " + LOOPBACK + "\n"
                + zone.records() + "\n";
    }

    private String namedConf() {
        String dir = workDir.toString();
        StringBuilder conf = new StringBuilder();
        conf.append("key ").append(quoted(TSIG_KEY_NAME)).append(" {\n")
                .append("    algorithm ").append(TSIG_ALGORITHM).append(";\n")
                .append("    secret ").append(quoted(tsigSecret)).append(";\n")
                .append("};\n\n")
                // No rndc control channel: it would want /etc/bind/rndc.key.
                .append("controls { };\n\n")
                .append("options {\n")
                .append("    directory ").append(quoted(dir)).append(";\n")
                .append("    listen-on port ").append(port).append(" { ").append(LOOPBACK).append("; };\n")
                .append("    listen-on-v6 { none; };\n")
                // Without this, a second named (another test JVM) could bind the same port via SO_REUSEPORT and
                // silently share the queries; with it, the clash shows as "address in use" in the log.
                .append("    reuseport no;\n")
                // Everything named writes goes to the temp dir (defaults are under /run/named and /var/cache/bind).
                .append("    pid-file ").append(quoted(dir + "/named.pid")).append(";\n")
                .append("    lock-file ").append(quoted(dir + "/named.lock")).append(";\n")
                .append("    session-keyfile ").append(quoted(dir + "/session.key")).append(";\n")
                .append("    managed-keys-directory ").append(quoted(dir)).append(";\n")
                // A resolver, as Pebble and Certflow expect one: it follows a CNAME from one of its zones into
                // another (delegated _acme-challenge names). It never leaves loopback: the root zone below is
                // its own and empty, so a name outside the test zones is NXDOMAIN at once.
                .append("    recursion yes;\n")
                .append("    allow-recursion { 127.0.0.1; };\n")
                .append("    dnssec-validation no;\n")
                .append("    notify no;\n")
                .append("    allow-query { any; };\n")
                .append("};\n");
        conf.append("\nzone \".\" {\n    type primary;\n    file ").append(quoted(dir + "/root.zone")).append(";\n};\n");
        for (Zone zone : zones) {
            conf.append("\nzone ").append(quoted(zone.name())).append(" {\n")
                    .append("    type primary;\n")
                    .append("    file ").append(quoted(zoneFile(zone).toString())).append(";\n")
                    .append("    allow-update { ")
                    .append(zone.updatable() ? "key " + quoted(TSIG_KEY_NAME) : "none").append("; };\n")
                    .append("};\n");
        }
        return conf.toString();
    }

    private static String quoted(String s) {
        if (s.contains("\"") || s.contains("\\")) {
            throw new IllegalArgumentException("Cannot quote for named.conf: " + s);
        }
        return "\"" + s + "\"";
    }

    /** {@link RealServers#freePort()} also free for UDP, since DNS needs both. */
    private static int freeTcpAndUdpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = RealServers.freePort();
            try (ServerSocket tcp = new ServerSocket(port, 0, InetAddress.getByName(LOOPBACK));
                    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No port between 20000 and 32000 free for both TCP and UDP");
    }

    private static String findNamed() {
        String override = System.getenv("CERTFLOW_NAMED_BIN");
        if (override != null && !override.isBlank()) {
            return override;
        }
        for (String candidate : List.of("/usr/sbin/named", "/usr/local/sbin/named")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "named"))) {
                return Path.of(dir, "named").toString();
            }
        }
        throw new IllegalStateException("'named' not found (looked in /usr/sbin, /usr/local/sbin and PATH)."
                + " DNS integration tests need Debian's 'bind9' package: apt-get install bind9.");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for BIND", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temp directory
        }
    }
}

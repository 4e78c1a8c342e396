package io.certflow.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import sun.misc.Signal;

/**
 * The Java TLS server {@link KeystoreTlsServer} runs in a JVM of its own: it serves the key entry of one keystore
 * file on a free port of 127.0.0.1, and reads the file again when it receives SIGHUP, the way Tomcat or a Spring Boot
 * application with SSL bundle reloading picks up a renewed keystore. A keystore that does not load (broken, wrong
 * password, no such alias) leaves the certificate served before in place, as a real server would.
 *
 * <p>Uses the JDK only (its own JVM needs nothing else from the class path). Arguments: keystore path, format
 * ({@code PKCS12} or {@code JKS}), alias, and the path of a file holding the keystore password, so that the password
 * is not in the process list. Each line it prints is one of:
 * <pre>
 * listening on 127.0.0.1:&lt;port&gt;
 * load &lt;n&gt; ok: serving serial &lt;hex&gt;
 * load &lt;n&gt; failed: still serving serial &lt;hex&gt;: &lt;why&gt;
 * start failed: &lt;why&gt;
 * </pre>
 * where load 0 is the start and load n the n-th SIGHUP; {@link KeystoreTlsServer} reads them from its log.
 *
 * <p>With {@code --reload <pid>} before the arguments it is not the server but a reload command for it that checks
 * the keystore before it signals ({@link KeystoreTlsServer#checkingReloadCommand()}).
 */
public final class KeystoreTlsServerMain {

    static final String LISTENING = "listening on 127.0.0.1:";
    static final String START_FAILED = "start failed: ";
    static final String RELOAD = "--reload";

    private static final int HANDSHAKE_TIMEOUT_MILLIS = 5000;

    private final Path keystore;
    private final String format;
    private final String alias;
    private final Path passwordFile;
    private final AtomicReference<Served> served = new AtomicReference<>();
    private final AtomicInteger loads = new AtomicInteger();

    /** What the server presents now: the context new connections use and the serial it holds. */
    private record Served(SSLContext context, BigInteger serial) {
    }

    private KeystoreTlsServerMain(Path keystore, String format, String alias, Path passwordFile) {
        this.keystore = keystore;
        this.format = format;
        this.alias = alias;
        this.passwordFile = passwordFile;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 6 && RELOAD.equals(args[0])) {
            System.exit(new KeystoreTlsServerMain(Path.of(args[2]), args[3], args[4], Path.of(args[5])).checkThenSignal(args[1]));
        }
        if (args.length != 4) {
            log(START_FAILED + "expected [" + RELOAD + " <pid>] <keystore> <PKCS12|JKS> <alias> <password file>, got "
                    + args.length + " arguments");
            System.exit(2);
        }
        new KeystoreTlsServerMain(Path.of(args[0]), args[1], args[2], Path.of(args[3])).run();
    }

    /**
     * The reload command that checks first, as {@code nginx -s reload} or {@code apachectl graceful} do: it loads the
     * keystore as the server would, and signals the server only when that works. Otherwise it exits 1, its first line
     * saying why, and the server keeps running on what it loaded before, untold.
     */
    private int checkThenSignal(String pid) throws IOException, InterruptedException {
        BigInteger serial;
        try {
            serial = load().serial();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log("the keystore " + keystore + " does not load: " + why(e) + "; the server (pid " + pid + ") was not signalled");
            return 1;
        }
        String kill = Files.isExecutable(Path.of("/bin/kill")) ? "/bin/kill" : "/usr/bin/kill";
        Process signal = new ProcessBuilder(kill, "-HUP", pid).inheritIO().start();
        int exit = signal.waitFor();
        log(exit == 0 ? "signalled the server (pid " + pid + ") to load serial " + serial.toString(16)
                : "could not signal the server (pid " + pid + "): kill exited with " + exit);
        return exit;
    }

    private void run() throws IOException {
        try {
            served.set(load());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log(START_FAILED + why(e));
            System.exit(1);
        }
        // Before anything is logged, and so before the harness knows the port: the JVM's own SIGHUP handler would
        // shut it down.
        Signal.handle(new Signal("HUP"), signal -> reload());
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        log(LISTENING + listener.getLocalPort());
        log("load 0 ok: serving serial " + served.get().serial().toString(16));

        ExecutorService connections = Executors.newFixedThreadPool(2);
        while (true) {
            Socket socket = listener.accept();
            connections.execute(() -> handshake(socket));
        }
    }

    /** The JDK runs each signal's handler on a thread of its own: one load at a time, numbered in the order they run. */
    private synchronized void reload() {
        int number = loads.incrementAndGet();
        try {
            Served loaded = load();
            served.set(loaded);
            log("load " + number + " ok: serving serial " + loaded.serial().toString(16));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log("load " + number + " failed: still serving serial " + served.get().serial().toString(16) + ": " + why(e));
        }
    }

    /** Reads the keystore file whole and makes a TLS context that presents its entry under the alias. */
    private Served load() throws IOException, GeneralSecurityException {
        char[] password = new String(Files.readAllBytes(passwordFile), StandardCharsets.UTF_8).toCharArray();
        try {
            KeyStore store = KeyStore.getInstance(format);
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password);
            }
            if (!store.isKeyEntry(alias)) {
                throw new GeneralSecurityException("the keystore has no key entry '" + alias + "' (it has "
                        + java.util.Collections.list(store.aliases()) + ")");
            }
            Key key = store.getKey(alias, password);
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                throw new GeneralSecurityException("the entry '" + alias + "' holds no private key with a certificate chain");
            }
            // Only this entry: a server configured with an alias presents that one, whatever else the file holds.
            KeyStore only = KeyStore.getInstance("PKCS12");
            only.load(null, null);
            only.setKeyEntry(alias, key, password, chain);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(only, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return new Served(context, ((X509Certificate) chain[0]).getSerialNumber());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** One TLS handshake with the context served at this moment, a line of text, and the end of the connection. */
    private void handshake(Socket socket) {
        try (socket) {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) served.get().context().getSocketFactory()
                    .createSocket(socket, null, socket.getPort(), false)) {
                tls.setUseClientMode(false);
                tls.startHandshake();
                tls.getOutputStream().write("certflow keystore test server\n".getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
            }
        } catch (IOException | RuntimeException e) {
            // A client that only looks at the certificate closes right after the handshake: nothing to report.
        }
    }

    private static String why(Exception e) {
        String message = e.getMessage() == null ? "cannot read it (" + e.getClass().getSimpleName() + ")" : e.getMessage();
        return e instanceof java.nio.file.NoSuchFileException ? "no such file: " + message : message;
    }

    private static synchronized void log(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

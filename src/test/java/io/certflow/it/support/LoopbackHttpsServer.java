package io.certflow.it.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTPS server on 127.0.0.1 with a certificate from a throwaway CA of its own, for tests that need a
 * server to say exactly what they want: a real directory, something that is not one, or nothing at all.
 * Every request is counted, so a test can prove that Certflow did not fetch anything.
 */
public final class LoopbackHttpsServer implements AutoCloseable {

    private final TestCa ca = TestCa.generate();
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    public LoopbackHttpsServer() {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
            server.setExecutor(executor);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers GET {@code path} with this status, content type and body. */
    public LoopbackHttpsServer serve(String path, int status, String contentType, byte[] body) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        });
        return this;
    }

    /** Answers {@code path} with a redirect to {@code location}. */
    public LoopbackHttpsServer redirect(String path, String location) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                exchange.getResponseHeaders().add("Location", location);
                exchange.sendResponseHeaders(302, -1);
            }
        });
        return this;
    }

    /** Sends the headers of a 200 with a body of {@code length} bytes, then nothing until the server is closed. */
    public LoopbackHttpsServer stallAfterHeaders(String path, int length) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, length);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            await(exchange);
        });
        return this;
    }

    /** A directory whose newNonce, newAccount and newOrder point at this server, plus the given "meta" object. */
    public LoopbackHttpsServer serveDirectory(String path, String metaJson) {
        String base = url("");
        String json = "{\"newNonce\":\"" + base + "/nonce\",\"newAccount\":\"" + base + "/account\",\"newOrder\":\""
                + base + "/order\",\"revokeCert\":\"" + base + "/revoke\",\"keyChange\":\"" + base + "/key-change\""
                + (metaJson == null ? "" : ",\"meta\":" + metaJson) + "}";
        return serve(path, 200, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void await(HttpExchange exchange) {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The PEM of the CA that signed this server's certificate. */
    public String trustAnchorPem() {
        return ca.pem();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** A TCP port on 127.0.0.1 that accepts connections and never sends a byte, until closed. */
    public static final class Silent implements AutoCloseable {

        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        public Silent() {
            try {
                socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        public String url(String scheme, String path) {
            return scheme + "://127.0.0.1:" + socket.getLocalPort() + path;
        }

        public int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket held : accepted) {
                held.close();
            }
        }
    }

    /** A CA that signs one server certificate for 127.0.0.1 and localhost. */
    public record TestCa(X509Certificate certificate, KeyPair key) {

        public static TestCa generate() {
            try {
                KeyPair key = ecKey();
                X500Name name = new X500Name("CN=certflow loopback test CA " + Long.toHexString(new SecureRandom().nextLong()));
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(), name,
                        key.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                return new TestCa(sign(builder, key), key);
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        public String pem() {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(certificate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        SSLContext serverContext() {
            try {
                KeyPair serverKey = ecKey();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), notBefore(), notAfter(),
                        new X500Name("CN=localhost"), serverKey.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                X509Certificate server = sign(builder, key);
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = "test".toCharArray();
                store.setKeyEntry("server", serverKey.getPrivate(), password, new X509Certificate[] {server, certificate});
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static KeyPair ecKey() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }

        private static BigInteger serial() {
            return new BigInteger(64, new SecureRandom()).abs();
        }

        private static Date notBefore() {
            return Date.from(Instant.now().minus(Duration.ofHours(1)));
        }

        private static Date notAfter() {
            return Date.from(Instant.now().plus(Duration.ofDays(2)));
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
                throws OperatorCreationException, GeneralSecurityException {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        }
    }
}

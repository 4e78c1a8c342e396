package io.certflow.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A TLS server on 127.0.0.1 that picks its certificate by the server name the client asks for (SNI),
 * as nginx does with several server blocks, and whose certificates a test may change while it runs,
 * as a reload does. It counts the connections and how many of them the client closed.
 */
final class SniTlsServer implements AutoCloseable {

    /** A certificate and its key. */
    record Identity(X509Certificate certificate, PrivateKey key) {

        static Identity selfSigned(String commonName, BigInteger serial) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair key = generator.generateKeyPair();
                X500Name name = new X500Name("CN=" + commonName);
                Instant now = Instant.now();
                var builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(2))), name, key.getPublic());
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
                return new Identity(certificate, key.getPrivate());
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final String DEFAULT = "(no server name)";

    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final SSLServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();

    /**
     * @param fallback     what a client that sends no server name, or one the server does not know, gets
     * @param onlyKnownNames refuse unknown server names with the unrecognized_name alert, as a server
     *                     whose SNIMatcher matches none of its names does
     */
    SniTlsServer(Identity fallback, boolean onlyKnownNames) {
        identities.put(DEFAULT, fallback);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new BySni()}, null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            if (onlyKnownNames) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setSNIMatchers(List.of(new SNIMatcher(0) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        return name instanceof SNIHostName host && identities.containsKey(host.getAsciiName());
                    }
                }));
                socket.setSSLParameters(parameters);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::accept, "sni-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** From now on, a client asking for {@code serverName} gets {@code identity}. */
    SniTlsServer serve(String serverName, Identity identity) {
        identities.put(serverName, identity);
        return this;
    }

    /** From now on, a client without a (known) server name gets {@code identity}. */
    SniTlsServer serveByDefault(Identity identity) {
        identities.put(DEFAULT, identity);
        return this;
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    int closedByClient() {
        return closedByClient.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                SSLSocket connection = (SSLSocket) socket.accept();
                accepted.incrementAndGet();
                connections.execute(() -> serve(connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Shakes hands, then waits for the client to go: a server holds a connection until the client closes it. */
    private void serve(SSLSocket connection) {
        try (connection) {
            connection.setSoTimeout(10_000);
            connection.startHandshake();
            InputStream in = connection.getInputStream();
            while (in.read() >= 0) {
                // Nothing is expected; the client only closes.
            }
            closedByClient.incrementAndGet();
        } catch (SocketTimeoutException e) {
            // The client held the connection open: not counted as closed.
        } catch (IOException e) {
            closedByClient.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }

    /** Chooses the identity by the server name of the handshake in progress. */
    private final class BySni extends X509ExtendedKeyManager {

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            if (!"EC".equals(keyType)) {
                return null;
            }
            SSLSession handshake = ((SSLSocket) socket).getHandshakeSession();
            if (handshake instanceof ExtendedSSLSession extended) {
                for (SNIServerName name : extended.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host && identities.containsKey(host.getAsciiName())) {
                        return host.getAsciiName();
                    }
                }
            }
            return DEFAULT;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Identity identity = identities.get(alias);
            return identity == null ? null : new X509Certificate[] {identity.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Identity identity = identities.get(alias);
            return identity == null ? null : identity.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return identities.keySet().toArray(String[]::new);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}

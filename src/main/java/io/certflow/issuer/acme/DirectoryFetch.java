package io.certflow.issuer.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;

/**
 * One GET of a URL a user chose, bounded in size and in total time, that leaves nothing running.
 *
 * <p>It uses {@link HttpURLConnection} rather than java.net.http: on Java 17 an HttpClient cannot be
 * closed, and its selector thread lives until a garbage collection finds the client unused, so a
 * client per refused request added a thread per request. This connection runs on the caller's thread
 * and is closed when the call returns.
 *
 * <p>Connect and read timeouts bound each step; the total bound is kept by a timer that closes the
 * socket under the connection, which also ends a TLS handshake that a server drips out byte by byte
 * (closing the TLS socket itself would wait for the handshake's lock).
 */
final class DirectoryFetch {

    /** Why no answer could be read; the words for each are chosen by the caller. */
    enum Failure { UNKNOWN_HOST, REFUSED, TIMED_OUT, UNTRUSTED, TLS, TOO_LARGE, BROKEN }

    static final class FetchFailed extends Exception {

        private final Failure failure;

        FetchFailed(Failure failure) {
            super(failure.name(), null, false, false);
            this.failure = failure;
        }

        Failure failure() {
            return failure;
        }
    }

    /** @param body the body of a 200 answer, empty for any other status */
    record Answer(int status, String contentType, byte[] body) {
    }

    private final ScheduledExecutorService deadlines;
    private final Duration stepTimeout;
    private final Duration totalTimeout;
    private final int maxBytes;

    DirectoryFetch(ScheduledExecutorService deadlines, Duration stepTimeout, Duration totalTimeout, int maxBytes) {
        this.deadlines = deadlines;
        this.stepTimeout = stepTimeout.compareTo(totalTimeout) < 0 ? stepTimeout : totalTimeout;
        this.totalTimeout = totalTimeout;
        this.maxBytes = maxBytes;
    }

    Answer get(URI url, SSLContext tls) throws FetchFailed {
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection();
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new FetchFailed(Failure.BROKEN);
        }
        AbortableSockets sockets = null;
        if (connection instanceof HttpsURLConnection https) {
            sockets = new AbortableSockets(tls.getSocketFactory());
            https.setSSLSocketFactory(sockets);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(stepTimeout));
        connection.setReadTimeout(millis(stepTimeout));
        connection.setRequestProperty("Accept", "application/json");
        Abort abort = new Abort(connection, sockets);
        ScheduledFuture<?> deadline = deadlines.schedule(abort, totalTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int status = connection.getResponseCode();
            if (status < 100) {
                throw new FetchFailed(Failure.BROKEN);
            }
            if (status != 200) {
                return new Answer(status, connection.getContentType(), new byte[0]);
            }
            if (connection.getContentLengthLong() > maxBytes) {
                throw new FetchFailed(Failure.TOO_LARGE);
            }
            try (InputStream in = connection.getInputStream()) {
                return new Answer(status, connection.getContentType(), readAtMost(in));
            }
        } catch (IOException e) {
            throw new FetchFailed(abort.fired ? Failure.TIMED_OUT : classify(e));
        } finally {
            deadline.cancel(false);
            connection.disconnect();
        }
    }

    private byte[] readAtMost(InputStream in) throws IOException, FetchFailed {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw new FetchFailed(Failure.TOO_LARGE);
        }
        return body;
    }

    private static Failure classify(IOException e) {
        if (e instanceof UnknownHostException) {
            return Failure.UNKNOWN_HOST;
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return Failure.REFUSED;
        }
        if (e instanceof SocketTimeoutException) {
            return Failure.TIMED_OUT;
        }
        if (e instanceof SSLHandshakeException) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof CertificateException) {
                    return Failure.UNTRUSTED;
                }
            }
            return Failure.TLS;
        }
        return e instanceof SSLException ? Failure.TLS : Failure.BROKEN;
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /** Ends the connection in whatever step it is, from the timer's thread. */
    private static final class Abort implements Runnable {

        private final HttpURLConnection connection;
        private final AbortableSockets sockets;
        private volatile boolean fired;

        Abort(HttpURLConnection connection, AbortableSockets sockets) {
            this.connection = connection;
            this.sockets = sockets;
        }

        @Override
        public void run() {
            fired = true;
            if (sockets != null) {
                sockets.closeAll();
            }
            connection.disconnect();
        }
    }

    /**
     * Lets HttpsURLConnection open a plain socket (it does so when a factory makes no unconnected
     * sockets) and layer TLS over it here, so that the plain socket can be closed at the deadline.
     * After that no new socket is layered: HttpURLConnection retries a GET once on a fresh connection.
     */
    private static final class AbortableSockets extends SSLSocketFactory {

        private final SSLSocketFactory tls;
        private final List<Socket> plain = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        AbortableSockets(SSLSocketFactory tls) {
            this.tls = tls;
        }

        void closeAll() {
            closed = true;
            for (Socket socket : plain) {
                closeQuietly(socket);
            }
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            plain.add(socket);
            if (closed) {
                closeQuietly(socket);
                throw new SocketException("the time for this directory read is over");
            }
            return tls.createSocket(socket, host, port, autoClose);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        // HttpsURLConnection uses none of these once createSocket() makes no unconnected socket.
        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw unused();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw unused();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw unused();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            throw unused();
        }

        private static SocketException unused() {
            return new SocketException("only layered sockets are made here");
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }
}

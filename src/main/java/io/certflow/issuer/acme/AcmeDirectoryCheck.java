package io.certflow.issuer.acme;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.error.InvalidRequestException;

/**
 * Reads the directory of a CA an issuer is about to be created for, so that a wrong URL or trust
 * anchor is refused at once and the terms URL agreed to is the CA's.
 *
 * <p>The URL is a tenant user's choice, so the server fetches whatever it names, also inside the
 * network Certflow runs in: the answer is never quoted (only its status and a content type from a
 * short list), it is read up to {@link #MAX_DIRECTORY_BYTES} and for at most
 * {@code certflow.acme.directory-check-timeout}, and the read leaves no client or thread behind.
 * Every refusal is a 400 naming the field, also when the CA does not answer in time: the issuer
 * cannot be created with that URL now, and nothing is stored.
 */
@Component
public class AcmeDirectoryCheck implements DisposableBean {

    /** Real directories are well under 2 KiB. */
    static final int MAX_DIRECTORY_BYTES = 64 * 1024;

    private static final Set<String> NAMED_CONTENT_TYPES = Set.of("application/json", "application/problem+json",
            "text/html", "text/plain", "application/xml", "text/xml", "application/octet-stream");

    private final ScheduledThreadPoolExecutor deadlines;
    private final DirectoryFetch fetch;
    private final boolean allowHttp;
    private final Duration totalTimeout;

    public AcmeDirectoryCheck(CertflowProperties properties) {
        this.allowHttp = properties.acme().allowHttpDirectories();
        this.totalTimeout = properties.acme().directoryCheckTimeout();
        // One timer thread for every read's deadline, and only while reads happen.
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "acme-directory-deadline");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setKeepAliveTime(10, TimeUnit.SECONDS);
        deadlines.allowCoreThreadTimeOut(true);
        deadlines.setRemoveOnCancelPolicy(true);
        this.fetch = new DirectoryFetch(deadlines, properties.acme().timeout(), totalTimeout, MAX_DIRECTORY_BYTES);
    }

    /** Whether http directory URLs are accepted (certflow.acme.allow-http-directories). */
    public boolean allowsHttp() {
        return allowHttp;
    }

    /**
     * Reads and checks the directory at {@code directoryUrl}, trusting the JVM's roots plus
     * {@code trustAnchorPem}. The URL must have passed {@link AcmeUrls#problemWith} already.
     *
     * @throws InvalidRequestException saying in words why this is no usable directory
     */
    public AcmeDirectory read(String directoryUrl, String trustAnchorPem) {
        DirectoryFetch.Answer answer;
        try {
            answer = fetch.get(URI.create(directoryUrl), TrustAnchors.sslContext(trustAnchorPem));
        } catch (DirectoryFetch.FetchFailed e) {
            throw new InvalidRequestException(words(e.failure()));
        }
        if (answer.status() >= 300 && answer.status() < 400) {
            throw new InvalidRequestException("directoryUrl: the URL answered with a redirect (HTTP " + answer.status()
                    + "); give the directory's own URL");
        }
        if (answer.status() != 200) {
            throw new InvalidRequestException("directoryUrl: the URL did not answer with an ACME directory (HTTP " + answer.status() + ")");
        }
        try {
            return AcmeDirectory.parse(answer.body(), allowHttp);
        } catch (AcmeDirectory.NotADirectory e) {
            throw new InvalidRequestException(e.aboutTheShape()
                    ? "directoryUrl: the URL did not answer with an ACME directory (HTTP 200, " + contentType(answer.contentType())
                            + ", but " + e.getMessage() + ")"
                    : "directoryUrl: " + e.getMessage());
        }
    }

    private String words(DirectoryFetch.Failure failure) {
        String cannotRead = "directoryUrl: cannot read the ACME directory: ";
        return switch (failure) {
            case UNKNOWN_HOST -> cannotRead + "the host name is not known";
            case REFUSED -> cannotRead + "nothing accepts connections at that host and port";
            case TIMED_OUT -> cannotRead + "no complete answer within " + Math.max(1, totalTimeout.toSeconds())
                    + " seconds; nothing was created, try again when the CA answers";
            case UNTRUSTED -> "trustAnchorPem: the server's TLS certificate is not trusted or not issued for that host;"
                    + " for a private CA give its root certificate in PEM as trustAnchorPem";
            case TLS -> cannotRead + "the TLS handshake failed";
            case TOO_LARGE -> "directoryUrl: the answer is larger than " + MAX_DIRECTORY_BYTES / 1024 + " KiB, which no ACME directory is";
            case BROKEN -> cannotRead + "the connection broke off or the answer is not HTTP";
        };
    }

    /** The server's content type only when it is one of a few well-known ones: the header is the server's text too. */
    private static String contentType(String header) {
        if (header == null || header.isBlank()) {
            return "no content type";
        }
        String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return NAMED_CONTENT_TYPES.contains(type) ? type : "another content type";
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
    }
}

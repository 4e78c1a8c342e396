package io.certflow.deployment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long Certflow waits for an SSH target's host, so that a host that stops answering fails the
 * step (and the engine retries it) instead of holding a job thread.
 *
 * @param connectTimeout the longest to wait for the connection, the key exchange and the login (default 10 s)
 * @param readTimeout    the longest to wait for any answer once connected (default 30 s)
 */
@ConfigurationProperties("certflow.deployment.ssh")
public record SshTimeouts(Duration connectTimeout, Duration readTimeout) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public SshTimeouts {
        connectTimeout = checked("connect-timeout", connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        readTimeout = checked("read-timeout", readTimeout, DEFAULT_READ_TIMEOUT);
    }

    private static Duration checked(String name, Duration given, Duration fallback) {
        Duration duration = given == null ? fallback : given;
        // JSch takes milliseconds as an int, where 0 means "wait for ever".
        if (duration.toMillis() < 1 || duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("certflow.deployment.ssh." + name + " must be at least a millisecond and at most"
                    + " 24 days, such as " + fallback);
        }
        return duration;
    }

    int connectMillis() {
        return (int) connectTimeout.toMillis();
    }

    int readMillis() {
        return (int) readTimeout.toMillis();
    }
}

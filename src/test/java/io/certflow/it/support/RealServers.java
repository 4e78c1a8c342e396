package io.certflow.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One PostgreSQL database and one Pebble per test JVM, shared by the Spring contexts of the
 * integration tests. Certflow's own http-01 responder listens where Pebble's VA connects.
 *
 * <p>For dns-01 and CAA there is also a BIND, authoritative for the zones below, and a second
 * Pebble that resolves every name through it; Certflow's resolver is that BIND as well.
 *
 * <p>Notifications are mailed to one SMTP server ({@link #mailServer()}, GreenMail), which a test may stop and start again.
 */
public final class RealServers {

    public static final String ADMIN_PASSWORD = "it-admin-password-7f3a";

    private static PostgresServer postgres;
    private static PostgresServer.Database database;
    private static PebbleServer pebble;
    private static BindServer bind;
    private static PebbleServer dnsPebble;
    private static MailServer mailServer;
    private static int http01Port;
    private static Path dataDir;

    private RealServers() {
    }

    public static synchronized PebbleServer pebble() {
        start();
        return pebble;
    }

    /** The BIND serving {@link #DNS_ZONES}. */
    public static synchronized BindServer bind() {
        start();
        return bind;
    }

    /** A Pebble that resolves (and validates dns-01) through {@link #bind()}. */
    public static synchronized PebbleServer dnsPebble() {
        start();
        return dnsPebble;
    }

    /**
     * The test zones. "updatable" ones accept updates signed with BIND's key; which of them
     * Certflow manages is up to each test (POST /api/dns-zones).
     */
    public static final List<BindServer.Zone> DNS_ZONES = List.of(
            // The top-level domain, so that a CAA search climbing up to it gets an answer, as on the Internet.
            new BindServer.Zone("test", "", false),
            new BindServer.Zone("dns.test", """
                    @ IN A 127.0.0.1
                    www IN A 127.0.0.1
                    """, true),
            // A customer's zone Certflow cannot change: its _acme-challenge names point into validation.test.
            new BindServer.Zone("customer.test", """
                    shop IN A 127.0.0.1
                    _acme-challenge.shop IN CNAME shop.validation.test.
                    """, false),
            new BindServer.Zone("validation.test", "", true),
            new BindServer.Zone("badkey.test", "", true),
            new BindServer.Zone("caa.test", """
                    @ IN CAA 0 issue "other-ca.example"
                    """, true),
            new BindServer.Zone("caa-parent.test", """
                    @ IN CAA 0 issue "other-ca.example"
                    """, false),
            new BindServer.Zone("managed.caa-parent.test", "", true),
            // Hosting accounts' domains (AutoSSL): every name resolves to loopback, where Certflow answers http-01,
            // except mail.mixed, whose address nothing listens on: its preflight fails.
            new BindServer.Zone("autossl.test", """
                    * IN A 127.0.0.1
                    mixed IN A 127.0.0.1
                    www.mixed IN A 127.0.0.1
                    mail.mixed IN A 127.0.0.2
                    """, false));

    /** The SMTP server Certflow mails notifications through (spring.mail.host and port). */
    public static synchronized MailServer mailServer() {
        start();
        return mailServer;
    }

    /** The From of every notification mail in the integration tests. */
    public static final String MAIL_FROM = "certflow@certflow.test";

    public static synchronized PostgresServer.Database database() {
        start();
        return database;
    }

    public static synchronized void register(DynamicPropertyRegistry registry) {
        start();
        database.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("certflow.validation.http01.port", () -> http01Port);
        // Only loopback 127.0.0.1: a name pointed at 127.0.0.2 then fails http-01 for real.
        registry.add("certflow.validation.http01.bind-address", () -> "127.0.0.1");
        registry.add("certflow.data-dir", () -> dataDir.toString());
        registry.add("camunda.bpm.admin-user.password", () -> ADMIN_PASSWORD);
        registry.add("certflow.validation.poll-interval", () -> "PT1S");
        // The test JVM's Certflow and the separate ones of RestartIT share PostgreSQL's 100 connection slots.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "30");
        registry.add("camunda.bpm.job-execution.core-pool-size", () -> "8");
        registry.add("camunda.bpm.job-execution.max-pool-size", () -> "16");
        registry.add("certflow.dns.resolver", () -> bind.address());
        registry.add("certflow.dns.authoritative-port", () -> bind.port());
        registry.add("certflow.dns.timeout", () -> "PT2S");
        registry.add("certflow.validation.dns01.propagation-poll-interval", () -> "PT1S");
        // A step that keeps failing reaches its incident in seconds, not minutes.
        registry.add("certflow.retry.ca", () -> "R3/PT1S");
        registry.add("certflow.retry.dns", () -> "R3/PT1S");
        // A directory that never answers is given up in seconds (AcmeIssuerInputIT waits for that).
        registry.add("certflow.acme.directory-check-timeout", () -> "PT5S");
        registry.add("certflow.deployment.allowed-roots[0]", () -> deploymentRoot().toString());
        registry.add("certflow.deployment.reload-commands.test-reload[0]", () -> "true");
        registry.add("certflow.deployment.reload-commands.failing-reload[0]", () -> "false");
        // The one Spring context outlives each test's servers: the command is a script the test points at its own server.
        registry.add("certflow.deployment.reload-commands.it-reload[0]", () -> reloadScript().toString());
        registry.add("certflow.deployment.verify-interval", () -> "PT1S");
        registry.add("certflow.deployment.grace-period", () -> "PT15S");
        registry.add("certflow.retry.deployment", () -> "R3/PT1S");
        registry.add("spring.mail.host", () -> mailServer.host());
        registry.add("spring.mail.port", () -> mailServer.port());
        registry.add("certflow.notification.from", () -> MAIL_FROM);
        // An SMTP server that is down is retried within seconds (NotificationIT stops and starts it).
        registry.add("certflow.retry.smtp", () -> "R5/PT1S");
        // Certificates of a CA with renewal information (AriProxy) are asked about within a second of being issued.
        registry.add("certflow.renewal.ari.check-interval", () -> "PT1S");
        // The AutoSSL preflight asks where the CA will: Certflow's http-01 port (port 80 in production, forwarded to it).
        registry.add("certflow.autossl.preflight.http-port", () -> http01Port);
        registry.add("certflow.autossl.preflight.timeout", () -> "PT2S");
        // A scrape sees what changed a second ago (MetricsIT), not up to 30 s later.
        registry.add("certflow.metrics.cache", () -> "PT1S");
    }

    /**
     * Makes the reload command {@code it-reload} run {@code command} (an argument list, e.g.
     * {@link NginxServer#reloadCommand()}) from now on, for the test whose server it reloads.
     */
    public static synchronized void useReloadCommand(List<String> command) {
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec");
        for (String argument : command) {
            script.append(" '").append(argument.replace("'", "'\\''")).append('\'');
        }
        try {
            Path temp = reloadScript().resolveSibling("it-reload.tmp");
            Files.writeString(temp, script.append('\n').toString());
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.move(temp, reloadScript(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path reloadScript() {
        start();
        return dataDir.resolve("it-reload");
    }

    /** Certflow's data directory in the integration tests (certflow.data-dir). */
    public static synchronized Path dataDir() {
        start();
        return dataDir;
    }

    /** The one directory local deployment targets of the integration tests may write into. */
    public static synchronized Path deploymentRoot() {
        try {
            return Files.createDirectories(dataDir.resolve("deployment-root"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void start() {
        if (pebble != null) {
            return;
        }
        try {
            postgres = PostgresServer.fromEnvironment();
            database = postgres.createDatabase("certflow_it");
            http01Port = freePort();
            pebble = PebbleServer.builder().http01Port(http01Port).start();
            bind = BindServer.start(DNS_ZONES);
            dnsPebble = PebbleServer.builder().http01Port(http01Port).dnsServer(bind.address()).start();
            dataDir = Files.createTempDirectory("certflow-it-data");
            mailServer = MailServer.start(freePort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pebble.close();
            dnsPebble.close();
            bind.close();
            postgres.close();
            mailServer.close();
        }));
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up). The servers started by the tests
     * (Pebble, challtestsrv) take their own ports from the ephemeral range, so a port picked here
     * cannot be taken by them between being picked and being bound by Certflow.
     */
    public static int freePort() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + random.nextInt(12000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No free port between 20000 and 32000");
    }
}

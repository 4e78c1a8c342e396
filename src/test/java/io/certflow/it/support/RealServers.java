package io.certflow.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One PostgreSQL database and one Pebble per test JVM, shared by the Spring contexts of the
 * integration tests. Certflow's own http-01 responder listens where Pebble's VA connects.
 */
public final class RealServers {

    public static final String ADMIN_PASSWORD = "it-admin-password-7f3a";

    private static PostgresServer postgres;
    private static PostgresServer.Database database;
    private static PebbleServer pebble;
    private static int http01Port;
    private static Path dataDir;

    private RealServers() {
    }

    public static synchronized PebbleServer pebble() {
        start();
        return pebble;
    }

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
            dataDir = Files.createTempDirectory("certflow-it-data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pebble.close();
            postgres.close();
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

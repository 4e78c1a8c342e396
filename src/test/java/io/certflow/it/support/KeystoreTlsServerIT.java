package io.certflow.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.certflow.deployment.KeystoreFormat;

/**
 * Proves the keystore part of the harness on its own, without Certflow: a Java TLS server in a JVM of its own serves
 * the certificate of a PKCS#12 or JKS file, reads the file again on SIGHUP, and keeps serving the old certificate when
 * the new file does not load (what a rollback relies on).
 */
class KeystoreTlsServerIT {

    private static final Duration SERVE_WAIT = Duration.ofSeconds(15);
    private static final String NAME = "app.keystore.test";
    private static final String PASSWORD = "harness-Keystore-pw-1";
    private static final String ALIAS = "certflow";

    private final ServerCertificates ca = ServerCertificates.newCa();

    @TempDir
    Path dir;

    ServerCertificates.Issued a;
    ServerCertificates.Issued b;

    @BeforeEach
    void certificatesAAndB() {
        a = ca.issue(NAME);
        b = ca.issue(NAME);
        assertThat(a.serial()).isNotEqualTo(b.serial());
    }

    @ParameterizedTest
    @EnumSource(KeystoreFormat.class)
    void theServerServesTheKeystoresCertificateAndAfterSighupTheOneThatReplacedIt(KeystoreFormat format)
            throws IOException {
        Path file = dir.resolve("server." + format.name().toLowerCase());
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, a);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, ALIAS)) {
            assertThat(server.servedCertificate(NAME)).as(server.logTail()).isEqualTo(a.certificate());
            assertThat(server.loads()).containsExactly(new KeystoreTlsServer.Load(0, true, a.serial(), null));

            KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, b);
            KeystoreTlsServer.Load reload = server.reload();

            assertThat(reload).isEqualTo(new KeystoreTlsServer.Load(1, true, b.serial(), null));
            assertThat(server.awaitServedSerial(b.serial(), NAME, SERVE_WAIT)).isEqualTo(b.certificate());
            assertThat(server.servedCertificate(null).getSerialNumber()).as("without SNI").isEqualTo(b.serial());
        }
    }

    @ParameterizedTest
    @EnumSource(KeystoreFormat.class)
    void aCorruptKeystoreIsRefusedOnSighupAndTheServerKeepsServingTheOldCertificate(KeystoreFormat format)
            throws IOException {
        Path file = dir.resolve("server." + format.name().toLowerCase());
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, a);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, ALIAS)) {
            long pid = server.pid();
            KeystoreTlsServer.writeAtomically(file, "-----BEGIN GARBAGE-----\nnot a keystore\n".getBytes());

            KeystoreTlsServer.Load reload = server.reload();

            assertThat(reload.applied()).as(server.logTail()).isFalse();
            assertThat(reload.serial()).isEqualTo(a.serial());
            assertThat(reload.reason()).isNotBlank();
            assertThat(server.isAlive()).isTrue();
            assertThat(server.pid()).isEqualTo(pid);
            assertServesSeveralTimes(server, a);

            // The rollback: the old keystore back in place, signalled again, served again.
            KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, a);
            assertThat(server.reload().applied()).as(server.logTail()).isTrue();
            server.awaitServedSerial(a.serial(), NAME, SERVE_WAIT);
        }
    }

    @Test
    void aKeystoreWithAnotherPasswordOrWithoutTheAliasIsRefusedAndTheOldCertificateStaysServed() throws IOException {
        Path file = dir.resolve("server.p12");
        KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS, a);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS)) {
            KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, "another-password-2", ALIAS, b);
            KeystoreTlsServer.Load wrongPassword = server.reload();

            KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, PASSWORD, "tomcat", b);
            KeystoreTlsServer.Load wrongAlias = server.reload();

            assertThat(wrongPassword.applied()).as(server.logTail()).isFalse();
            assertThat(wrongAlias.applied()).as(server.logTail()).isFalse();
            assertThat(wrongAlias.reason()).contains("no key entry 'certflow'");
            assertServesSeveralTimes(server, a);
            assertThat(Files.readString(server.log())).as("the password is never logged").doesNotContain(PASSWORD);
        }
    }

    @Test
    void theReloadCommandADeploymentTargetWouldRunSignalsTheServerWhichThenServesTheNewCertificate()
            throws IOException {
        Path file = dir.resolve("server.p12");
        KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS, a);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS)) {
            assertThat(server.reloadCommand()).containsExactly("/bin/kill", "-HUP", Long.toString(server.pid()));

            KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS, b);
            CommandResult result = ChildProcesses.run(server.reloadCommand(), dir, Duration.ofSeconds(10));

            assertThat(result.exitCode()).as(result.output()).isZero();
            server.awaitServedSerial(b.serial(), NAME, SERVE_WAIT);
            assertThat(server.awaitLoad(1, SERVE_WAIT).applied()).isTrue();
        }
    }

    @Test
    void theCheckingReloadCommandRefusesAKeystoreTheServerCouldNotLoadWithoutSignallingItAndSignalsForOneItCan()
            throws IOException {
        Path file = dir.resolve("server.jks");
        KeystoreTlsServer.writeKeystore(file, KeystoreFormat.JKS, PASSWORD, ALIAS, a);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, KeystoreFormat.JKS, PASSWORD, ALIAS)) {
            KeystoreTlsServer.writeKeystore(file, KeystoreFormat.JKS, PASSWORD, "tomcat", b);
            CommandResult refused = ChildProcesses.run(server.checkingReloadCommand(), dir, Duration.ofSeconds(30));

            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output().lines().findFirst().orElse("")).contains("does not load")
                    .contains("no key entry 'certflow'").contains("was not signalled").doesNotContain(PASSWORD);
            assertThat(server.loads()).as("the server was not told").hasSize(1);
            assertServesSeveralTimes(server, a);

            KeystoreTlsServer.writeKeystore(file, KeystoreFormat.JKS, PASSWORD, ALIAS, b);
            CommandResult signalled = ChildProcesses.run(server.checkingReloadCommand(), dir, Duration.ofSeconds(30));

            assertThat(signalled.exitCode()).as(signalled.output()).isZero();
            assertThat(server.awaitLoad(1, SERVE_WAIT)).isEqualTo(new KeystoreTlsServer.Load(1, true, b.serial(), null));
            server.awaitServedSerial(b.serial(), NAME, SERVE_WAIT);
        }
    }

    @Test
    void waitingForASerialTheServerDoesNotServeFailsNamingTheSerialItServes() throws IOException {
        Path file = dir.resolve("server.p12");
        KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS, a);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS)) {
            assertThatThrownBy(() -> server.awaitServedSerial(b.serial(), NAME, Duration.ofSeconds(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not serve serial " + b.serial().toString(16))
                    .hasMessageContaining("last seen: serial " + a.serial().toString(16));
        }
    }

    @Test
    void closingTheServerEndsItsJvmFreesThePortAndRemovesItsWorkDir() throws IOException {
        Path file = dir.resolve("server.p12");
        KeystoreTlsServer.writeKeystore(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS, a);
        KeystoreTlsServer server = KeystoreTlsServer.start(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS);
        ProcessHandle jvm = ProcessHandle.of(server.pid()).orElseThrow();
        assertThat(jvm.info().command().orElse("")).endsWith("/java");

        server.close();

        await("the server JVM to end").atMost(Duration.ofSeconds(15)).until(() -> !jvm.isAlive());
        assertThatThrownBy(() -> connect(server.port())).isInstanceOf(ConnectException.class);
        if (System.getenv("CERTFLOW_IT_KEEP_TMP") == null) {
            assertThat(server.workDir()).doesNotExist();
        }
        assertThat(file).as("the test's keystore is left alone").exists();
    }

    @Test
    void aServerWhoseKeystoreDoesNotLoadFailsToStartWithTheReasonAndKeepsItsWorkDir() throws IOException {
        Path file = Files.write(dir.resolve("server.p12"), List.of("not a keystore"));

        Throwable failure = catchThrowable(() -> KeystoreTlsServer.start(file, KeystoreFormat.PKCS12, PASSWORD, ALIAS));

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the server exited with code 1")
                .hasMessageContaining("start failed: ");
        Matcher kept = Pattern.compile("work dir kept: (\\S+)\\)").matcher(failure.getMessage());
        assertThat(kept.find()).as(failure.getMessage()).isTrue();
        assertThat(Path.of(kept.group(1)).getFileName().toString()).startsWith("certflow-keystore-server-");
        ChildProcesses.deleteRecursively(Path.of(kept.group(1)));
    }

    /** Several fresh handshakes, so that a connection served from a half-loaded keystore would show. */
    private void assertServesSeveralTimes(KeystoreTlsServer server, ServerCertificates.Issued expected) throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(server.servedCertificate(NAME).getSerialNumber()).as(server.logTail()).isEqualTo(expected.serial());
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }
}

package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.certflow.crypto.KeyProtection;
import io.certflow.deployment.DeployedMaterial;
import io.certflow.deployment.DeploymentSettings;
import io.certflow.deployment.DeploymentTarget;
import io.certflow.deployment.DeploymentTargetKind;
import io.certflow.deployment.PemFiles;
import io.certflow.deployment.ReloadResult;
import io.certflow.deployment.SshLogin;
import io.certflow.deployment.SshTargetAdapter;
import io.certflow.deployment.SshTimeouts;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TransientFault;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.ServerCertificates;
import io.certflow.it.support.SshServer;

/**
 * The SSH adapter against a real OpenSSH server on loopback: sshd runs on this machine, so the files
 * it receives are on this file system, in a directory of the test, where the test checks them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshTargetAdapterIT {

    private static final String WRONG_FINGERPRINT = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";

    @TempDir
    static Path keys;
    @TempDir
    Path remote;
    @TempDir
    Path data;

    SshServer ssh;
    String privateKey;
    KeyProtection protection;
    SshTargetAdapter adapter;
    ServerCertificates.Issued issued;
    DeployedMaterial material;
    UUID deployment;
    /** The name the slow reload command runs under, to find it among this machine's processes. */
    String slowCommand;

    @BeforeAll
    void anSshServerThatAcceptsOneKey() throws IOException {
        ssh = SshServer.start();
        SshServer.ClientKey key = SshServer.newClientKey(keys, "id_ed25519");
        ssh.authorize(key.publicKeyLine());
        privateKey = Files.readString(key.privateKeyFile());
        issued = ServerCertificates.newCa().issue("www.ssh.test");
        material = new DeployedMaterial(issued.certificatePem(), issued.chainPem(), issued.fullChainPem(), issued.privateKeyPem());
    }

    @AfterAll
    void stop() {
        ssh.close();
    }

    @BeforeEach
    void anAdapterWithItsOwnDataDirectory() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        protection = new KeyProtection(kek);
        Path marker = remote.resolve("it's reloaded $HOME *");
        slowCommand = "certflow-slow-reload-" + UUID.randomUUID();
        Map<String, List<String>> commands = Map.of(
                "touch-marker", List.of("touch", marker.toString()),
                "failing", List.of("sh", "-c", "echo 'nginx: [emerg] cannot load certificate' >&2; exit 3"),
                "slow", List.of("sh", "-c", "while true; do echo waiting; sleep 1; done", slowCommand));
        adapter = new SshTargetAdapter(new DeploymentSettings(List.of(), commands, Duration.ofSeconds(2)),
                new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)), protection, data);
        deployment = UUID.randomUUID();
    }

    private DeploymentTarget target(String fingerprint, PemFiles files, String reloadCommand) {
        SshLogin login = new SshLogin(ssh.host(), ssh.port(), ssh.user(), fingerprint,
                protection.encrypt(privateKey.getBytes(StandardCharsets.UTF_8), SshLogin.PRIVATE_KEY_PURPOSE), null);
        return new DeploymentTarget(UUID.randomUUID(), "sshco", "web-ssh", DeploymentTargetKind.SSH, files, null, login, null,
                reloadCommand, Instant.now(), Instant.now());
    }

    private PemFiles allFour(Path dir) {
        return new PemFiles(dir.resolve("cert.pem").toString(), dir.resolve("chain.pem").toString(),
                dir.resolve("fullchain.pem").toString(), dir.resolve("privkey.pem").toString(), "0644", "0600", null, null);
    }

    @Test
    void everyFileIsWrittenOverSftpWithItsContentAndModeInADirectoryItCreatesAndNoTemporaryFileStays() throws IOException {
        Path site = remote.resolve("sites/www");
        DeploymentTarget target = target(ssh.hostKeyFingerprint(), allFour(site), null);

        adapter.keepCopy(deployment, target);
        adapter.write(deployment, target, material);

        assertThat(Files.readString(site.resolve("cert.pem"))).isEqualTo(issued.certificatePem());
        assertThat(Files.readString(site.resolve("chain.pem"))).isEqualTo(issued.chainPem());
        assertThat(Files.readString(site.resolve("fullchain.pem"))).isEqualTo(issued.fullChainPem());
        assertThat(Files.readString(site.resolve("privkey.pem"))).isEqualTo(issued.privateKeyPem());
        assertThat(mode(site.resolve("privkey.pem"))).isEqualTo("rw-------");
        assertThat(mode(site.resolve("fullchain.pem"))).isEqualTo("rw-r--r--");
        assertThat(names(site)).containsExactly("cert.pem", "chain.pem", "fullchain.pem", "privkey.pem");
        assertThat(ssh.logTail()).contains("Accepted publickey for " + ssh.user());
    }

    @Test
    void writingTheSameMaterialAgainAfterACrashChangesNothing() throws IOException {
        Path site = remote.resolve("again");
        DeploymentTarget target = target(ssh.hostKeyFingerprint(), allFour(site), null);
        adapter.keepCopy(deployment, target);
        adapter.write(deployment, target, material);

        adapter.keepCopy(deployment, target);
        adapter.write(deployment, target, material);

        assertThat(Files.readString(site.resolve("privkey.pem"))).isEqualTo(issued.privateKeyPem());
        assertThat(names(site)).containsExactly("cert.pem", "chain.pem", "fullchain.pem", "privkey.pem");
    }

    @Test
    void keepWriteAndRestoreGiveBackTheOldFilesWithTheirModeAndRemoveTheOnesThatDidNotExist() throws IOException {
        Path site = Files.createDirectories(remote.resolve("restore"));
        Files.writeString(site.resolve("fullchain.pem"), "OLD FULL CHAIN\n");
        Files.setPosixFilePermissions(site.resolve("fullchain.pem"), PosixFilePermissions.fromString("rw-r-----"));
        PemFiles files = new PemFiles(null, null, site.resolve("fullchain.pem").toString(), site.resolve("privkey.pem").toString(),
                "0644", "0600", null, null);
        DeploymentTarget target = target(ssh.hostKeyFingerprint(), files, null);

        adapter.keepCopy(deployment, target);
        adapter.write(deployment, target, material);
        // Run again after a crash, the step keeps the first copy, not the new files.
        adapter.keepCopy(deployment, target);
        assertThat(Files.readString(site.resolve("fullchain.pem"))).isEqualTo(issued.fullChainPem());
        assertThat(mode(site.resolve("fullchain.pem"))).isEqualTo("rw-r--r--");

        adapter.restore(deployment, target);

        assertThat(Files.readString(site.resolve("fullchain.pem"))).isEqualTo("OLD FULL CHAIN\n");
        assertThat(mode(site.resolve("fullchain.pem"))).isEqualTo("rw-r-----");
        assertThat(site.resolve("privkey.pem")).doesNotExist();
        assertThat(names(site)).containsExactly("fullchain.pem");
    }

    @Test
    void theKeptCopyLiesEncryptedInTheDataDirectoryUntilItIsDiscarded() throws IOException {
        Path site = Files.createDirectories(remote.resolve("kept"));
        Files.writeString(site.resolve("privkey.pem"), "OLD-PRIVATE-KEY-TEXT\n");
        PemFiles files = new PemFiles(null, null, null, site.resolve("privkey.pem").toString(), "0644", "0600", null, null);
        DeploymentTarget target = target(ssh.hostKeyFingerprint(), files, null);

        adapter.keepCopy(deployment, target);

        Path kept = data.resolve("deployment-backups").resolve(deployment.toString());
        assertThat(kept).isDirectory();
        try (Stream<Path> stored = Files.walk(kept)) {
            for (Path file : stored.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).doesNotContain("OLD-PRIVATE-KEY-TEXT").doesNotContain(site.toString());
                assertThat(mode(file)).isEqualTo("rw-------");
            }
        }
        adapter.discardCopy(deployment);
        assertThat(kept).doesNotExist();
    }

    @Test
    void aServerWithAnotherHostKeyIsRefusedBeforeTheLoginAndNoFileIsReadOrWritten() throws IOException {
        Path site = Files.createDirectories(remote.resolve("pinned"));
        Files.writeString(site.resolve("fullchain.pem"), "OLD FULL CHAIN\n");
        Files.setLastModifiedTime(site.resolve("fullchain.pem"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Map<String, String> before = snapshot(site);
        long loginsBefore = logins();
        DeploymentTarget impostor = target(WRONG_FINGERPRINT, allFour(site), "touch-marker");

        List<Throwable> failures = List.of(
                catchThrowable(() -> adapter.keepCopy(deployment, impostor)),
                catchThrowable(() -> adapter.write(deployment, impostor, material)),
                catchThrowable(() -> adapter.reload(impostor, null)));

        for (Throwable failure : failures) {
            assertThat(failure).isInstanceOf(BusinessFailure.class);
            assertThat(((BusinessFailure) failure).reason()).isEqualTo(FailureReason.DEPLOYMENT_REFUSED);
            assertThat(failure.getMessage()).contains("the host key of " + ssh.user() + "@127.0.0.1:" + ssh.port() + " changed")
                    .contains("presents " + ssh.hostKeyFingerprint() + " (ssh-ed25519)")
                    .contains("not the pinned " + WRONG_FINGERPRINT).contains("nothing was read or written");
        }
        assertThat(snapshot(site)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(site.resolve("fullchain.pem")).toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(remote.resolve("it's reloaded $HOME *")).doesNotExist();
        assertThat(data.resolve("deployment-backups").resolve(deployment.toString())).doesNotExist();
        assertThat(logins()).as("no login was even tried: " + ssh.logTail()).isEqualTo(loginsBefore);
    }

    @Test
    void theServersRsaKeyMayBePinnedThoughItShowsItsEd25519KeyFirst() throws IOException {
        try (SshServer twoKeys = SshServer.builder().moreHostKeyTypes("rsa").start()) {
            twoKeys.authorize(Files.readString(keys.resolve("id_ed25519.pub")));
            Path site = remote.resolve("rsa-pinned");
            DeploymentTarget target = targetOn(twoKeys, twoKeys.hostKeyFingerprint("rsa"), allFour(site));

            adapter.write(deployment, target, material);

            assertThat(Files.readString(site.resolve("fullchain.pem"))).isEqualTo(issued.fullChainPem());
        }
    }

    @Test
    void aServerNoneOfWhoseKeysIsPinnedIsRefusedNamingEveryKeyItShowed() throws IOException {
        try (SshServer twoKeys = SshServer.builder().moreHostKeyTypes("rsa").start()) {
            twoKeys.authorize(Files.readString(keys.resolve("id_ed25519.pub")));
            Path site = remote.resolve("none-pinned");
            DeploymentTarget target = targetOn(twoKeys, WRONG_FINGERPRINT, allFour(site));

            Throwable failure = catchThrowable(() -> adapter.write(deployment, target, material));

            assertThat(failure).isInstanceOf(BusinessFailure.class)
                    .hasMessageContaining(twoKeys.hostKeyFingerprint() + " (ssh-ed25519) and " + twoKeys.hostKeyFingerprint("rsa")
                            + " (ssh-rsa), not the pinned " + WRONG_FINGERPRINT);
            assertThat(site).doesNotExist();
        }
    }

    private DeploymentTarget targetOn(SshServer server, String fingerprint, PemFiles files) {
        SshLogin login = new SshLogin(server.host(), server.port(), server.user(), fingerprint,
                protection.encrypt(privateKey.getBytes(StandardCharsets.UTF_8), SshLogin.PRIVATE_KEY_PURPOSE), null);
        return new DeploymentTarget(UUID.randomUUID(), "sshco", "web-two-keys", DeploymentTargetKind.SSH, files, null, login, null,
                null, Instant.now(), Instant.now());
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsRefusedAsALoginProblemAndNothingIsWritten() throws IOException {
        SshServer.ClientKey stranger = SshServer.newClientKey(keys, "stranger-" + UUID.randomUUID());
        Path site = Files.createDirectories(remote.resolve("stranger"));
        SshLogin login = new SshLogin(ssh.host(), ssh.port(), ssh.user(), ssh.hostKeyFingerprint(),
                protection.encrypt(Files.readAllBytes(stranger.privateKeyFile()), SshLogin.PRIVATE_KEY_PURPOSE), null);
        DeploymentTarget target = new DeploymentTarget(UUID.randomUUID(), "sshco", "web-stranger", DeploymentTargetKind.SSH,
                allFour(site), null, login, null, null, Instant.now(), Instant.now());

        Throwable failure = catchThrowable(() -> adapter.write(deployment, target, material));

        assertThat(failure).isInstanceOf(BusinessFailure.class).hasMessageContaining("refused the login with the stored private key");
        assertThat(site).isEmptyDirectory();
    }

    @Test
    void aPemRsaKeyMadeBySshKeygenLogsInToo() throws Exception {
        Path file = keys.resolve("id_rsa_pem");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-f", file.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        ssh.authorize(Files.readString(keys.resolve("id_rsa_pem.pub")));
        Path site = remote.resolve("rsa");
        SshLogin login = new SshLogin(ssh.host(), ssh.port(), ssh.user(), ssh.hostKeyFingerprint(),
                protection.encrypt(Files.readAllBytes(file), SshLogin.PRIVATE_KEY_PURPOSE), null);
        DeploymentTarget target = new DeploymentTarget(UUID.randomUUID(), "sshco", "web-rsa", DeploymentTargetKind.SSH,
                allFour(site), null, login, null, null, Instant.now(), Instant.now());

        adapter.write(deployment, target, material);

        assertThat(Files.readString(site.resolve("fullchain.pem"))).isEqualTo(issued.fullChainPem());
    }

    @Test
    void aHostThatDoesNotListenIsATransientFaultForTheEngineToRetry() {
        int closed = RealServers.freePort();
        SshLogin login = new SshLogin("127.0.0.1", closed, ssh.user(), ssh.hostKeyFingerprint(),
                protection.encrypt(privateKey.getBytes(StandardCharsets.UTF_8), SshLogin.PRIVATE_KEY_PURPOSE), null);
        DeploymentTarget target = new DeploymentTarget(UUID.randomUUID(), "sshco", "web-down", DeploymentTargetKind.SSH,
                allFour(remote.resolve("down")), null, login, null, null, Instant.now(), Instant.now());

        Throwable failure = catchThrowable(() -> adapter.keepCopy(deployment, target));

        assertThat(failure).isInstanceOf(TransientFault.class).hasMessageContaining("Cannot connect to")
                .hasMessageContaining("Connection refused");
        assertThat(remote.resolve("down")).doesNotExist();
    }

    @Test
    void aSymbolicLinkAtATargetPathIsRefusedAndLeftAsItIs() throws IOException {
        Path site = Files.createDirectories(remote.resolve("linked"));
        Path elsewhere = Files.writeString(remote.resolve("archive-fullchain1.pem"), "ARCHIVED\n");
        Files.createSymbolicLink(site.resolve("fullchain.pem"), elsewhere);
        PemFiles files = new PemFiles(null, null, site.resolve("fullchain.pem").toString(), null, "0644", "0600", null, null);

        Throwable failure = catchThrowable(() -> adapter.keepCopy(deployment, target(ssh.hostKeyFingerprint(), files, null)));

        assertThat(failure).isInstanceOf(BusinessFailure.class).hasMessageContaining("files.fullChainPath")
                .hasMessageContaining("is a symbolic link");
        assertThat(Files.isSymbolicLink(site.resolve("fullchain.pem"))).isTrue();
        assertThat(Files.readString(elsewhere)).isEqualTo("ARCHIVED\n");
    }

    @Test
    void theReloadCommandRunsOnTheRemoteHostWithItsArgumentsExactlyAsConfigured() {
        DeploymentTarget target = target(ssh.hostKeyFingerprint(), allFour(remote.resolve("reload")), "touch-marker");

        ReloadResult result = adapter.reload(target, null);

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.exitCode()).isZero();
        // A shell that expanded anything would have made another name, or failed at the quote.
        assertThat(remote.resolve("it's reloaded $HOME *")).exists();
    }

    @Test
    void aFailingReloadCommandReportsItsExitCodeAndOutput() {
        DeploymentTarget target = target(ssh.hostKeyFingerprint(), allFour(remote.resolve("failing")), "failing");

        ReloadResult result = adapter.reload(target, null);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.output()).isEqualTo("nginx: [emerg] cannot load certificate\n");
    }

    @Test
    void aReloadCommandThatRunsLongerThanTheTimeoutIsStoppedAndReportedAsTimedOut() {
        DeploymentTarget target = target(ssh.hostKeyFingerprint(), allFour(remote.resolve("slow")), "slow");
        long started = System.nanoTime();

        ReloadResult result = adapter.reload(target, null);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).startsWith("waiting\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        // sshd runs here: its command must be gone too (tests log in as root, whose sessions take no signal,
        // so this is the closed session ending the command at its next write).
        await("the remote command to end").atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(process -> process.info().commandLine().orElse("").contains(slowCommand)));
    }

    private long logins() {
        try {
            return Files.readString(ssh.workDir().resolve("sshd.log"), StandardCharsets.ISO_8859_1).lines()
                    .filter(line -> line.contains("Accepted ") || line.contains("Failed ") || line.contains("Postponed ")).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(dir.relativize(file).toString(), Files.readString(file) + " " + mode(file));
            }
        }
        return contents;
    }
}

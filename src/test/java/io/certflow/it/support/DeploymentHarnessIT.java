package io.certflow.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the deployment part of the harness on its own, without Certflow: a real nginx that serves the certificate
 * files of a directory, reloads them on request and keeps the old ones when the new ones are broken (what a rollback
 * relies on), and a real sshd that takes files over SFTP only from a client that pinned its host key.
 */
class DeploymentHarnessIT {

    private static final Duration SERVE_WAIT = Duration.ofSeconds(15);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String NAME = "www.deploy.test";

    private final ServerCertificates ca = ServerCertificates.newCa();

    /** What nginx serves: certificate A at first. */
    @TempDir
    Path certificateDir;

    /** The SSH client's side: keys, known_hosts, the file it uploads. */
    @TempDir
    Path client;

    /** Where the SSH client uploads to (sshd runs on this machine, so the test sees the files). */
    @TempDir
    Path remote;

    ServerCertificates.Issued a;
    ServerCertificates.Issued b;
    Path upload;

    @BeforeEach
    void certificatesAAndBAndAFileToUpload() throws IOException {
        a = ca.issue(NAME);
        b = ca.issue(NAME);
        assertThat(a.serial()).isNotEqualTo(b.serial());
        a.writePemFiles(certificateDir);
        upload = Files.writeString(client.resolve("fullchain.pem"), b.fullChainPem());
    }

    // ---------------------------------------------------------------------------------------------- nginx

    @Test
    void nginxServesTheCertificateInItsDirectoryAndAfterAReloadTheOneThatReplacedIt() throws IOException {
        try (NginxServer nginx = NginxServer.start(certificateDir)) {
            assertThat(nginx.servedCertificate(NAME).getSerialNumber()).as(nginx.logTail()).isEqualTo(a.serial());

            b.writePemFiles(certificateDir);
            NginxServer.Reload reload = nginx.reload();

            assertThat(reload.applied()).as(reload.log()).isTrue();
            assertThat(nginx.awaitServedSerial(b.serial(), NAME, SERVE_WAIT)).isEqualTo(b.certificate());
            assertThat(nginx.pid()).as("a reload keeps the master").isEqualTo(pidFromFile(nginx));
        }
    }

    @Test
    void theReloadCommandADeploymentTargetWouldRunMakesNginxServeTheNewCertificate() throws IOException {
        try (NginxServer nginx = NginxServer.start(certificateDir)) {
            assertThat(nginx.reloadCommand()).containsSubsequence("-s", "reload")
                    .contains(nginx.configFile().toString(), nginx.prefix());

            b.writePemFiles(certificateDir);
            CommandResult result = nginx.runReloadCommand();

            assertThat(result.exitCode()).as(result.output() + nginx.logTail()).isZero();
            nginx.awaitServedSerial(b.serial(), NAME, SERVE_WAIT);
        }
    }

    @Test
    void aBrokenCertificateFileIsRefusedByTheReloadAndNginxKeepsServingTheOldCertificate()
            throws IOException {
        try (NginxServer nginx = NginxServer.start(certificateDir)) {
            long master = nginx.pid();
            Files.writeString(certificateDir.resolve(NginxServer.FULL_CHAIN_FILE), "-----BEGIN CERTIFICATE-----\nbroken\n");

            NginxServer.Reload reload = nginx.reload();

            assertThat(reload.applied()).as(reload.log()).isFalse();
            assertThat(reload.log()).contains("cannot load certificate");
            assertThat(nginx.isAlive()).as(nginx.logTail()).isTrue();
            assertThat(nginx.pid()).isEqualTo(master);
            assertServesSeveralTimes(nginx, a);

            // The rollback: the kept files back in place, reloaded, served again.
            a.writePemFiles(certificateDir);
            assertThat(nginx.reload().applied()).as(nginx.logTail()).isTrue();
            nginx.awaitServedSerial(a.serial(), NAME, SERVE_WAIT);
        }
    }

    @Test
    void aCertificateThatDoesNotMatchItsKeyIsRefusedAndTheOldCertificateStaysServed() throws IOException {
        try (NginxServer nginx = NginxServer.start(certificateDir)) {
            // B's chain with A's key: each file on its own is valid, together they are not.
            ServerCertificates.writeAtomically(certificateDir.resolve(NginxServer.FULL_CHAIN_FILE), b.fullChainPem());

            NginxServer.Reload reload = nginx.reload();

            assertThat(reload.applied()).as(reload.log()).isFalse();
            assertThat(reload.log()).contains("key values mismatch");
            assertServesSeveralTimes(nginx, a);
        }
    }

    @Test
    void theReloadCommandExitsNonZeroForABrokenCertificateAndNginxKeepsServingTheOldOne()
            throws IOException {
        try (NginxServer nginx = NginxServer.start(certificateDir)) {
            long master = nginx.pid();
            Files.writeString(certificateDir.resolve(NginxServer.PRIVATE_KEY_FILE), "not a key\n");

            CommandResult result = nginx.runReloadCommand();

            // nginx -s reload checks the config itself and then does not signal the master at all.
            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(result.output()).contains("cannot load certificate key");
            assertThat(nginx.isAlive()).isTrue();
            assertThat(nginx.pid()).isEqualTo(master);
            assertServesSeveralTimes(nginx, a);
        }
    }

    @Test
    void eachServerNameGetsTheCertificateOfItsOwnSiteAndAnyOtherNameTheDefault(@TempDir Path otherDir)
            throws IOException {
        ServerCertificates.Issued other = ca.issue("other.deploy.test");
        other.writePemFiles(otherDir);
        try (NginxServer nginx = NginxServer.builder().certificateDir(certificateDir).site("other.deploy.test", otherDir)
                .start()) {
            assertThat(nginx.servedCertificate("other.deploy.test").getSerialNumber()).isEqualTo(other.serial());
            assertThat(nginx.servedCertificate(NAME).getSerialNumber()).isEqualTo(a.serial());
            assertThat(nginx.servedCertificate(null).getSerialNumber()).as("no SNI").isEqualTo(a.serial());
            assertThat(nginx.certificateDir("OTHER.deploy.test")).isEqualTo(otherDir.toAbsolutePath());
        }
    }

    @Test
    void waitingForASerialNginxDoesNotServeFailsNamingTheSerialItServes() {
        try (NginxServer nginx = NginxServer.start(certificateDir)) {
            assertThatThrownBy(() -> nginx.awaitServedSerial(b.serial(), NAME, Duration.ofSeconds(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not serve serial " + b.serial().toString(16))
                    .hasMessageContaining("last seen: serial " + a.serial().toString(16));
        }
    }

    @Test
    void nginxWritesOnlyIntoItsWorkDirAndClosingItStopsMasterAndWorkersAndFreesThePort()
            throws IOException {
        NginxServer nginx = NginxServer.start(certificateDir);
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            ProcessHandle.of(nginx.pid()).ifPresent(processes::add);
            processes.addAll(ProcessHandle.of(nginx.pid()).orElseThrow().descendants().toList());
            assertThat(processes).as("master and its worker").hasSizeGreaterThanOrEqualTo(2);
            assertThat(pidFromFile(nginx)).isEqualTo(nginx.pid());
            assertThat(Files.readString(nginx.configFile())).doesNotContain("/etc/nginx", "/var/", "/run/", ":80;");
        } finally {
            nginx.close();
        }

        await("nginx processes to end").atMost(Duration.ofSeconds(15))
                .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
        assertThatThrownBy(() -> connect(nginx.port())).isInstanceOf(ConnectException.class);
        assertThat(nginx.workDir()).doesNotExist();
        assertThat(certificateDir.resolve(NginxServer.FULL_CHAIN_FILE)).as("the test's files are left alone").exists();
    }

    @Test
    void anNginxThatCannotLoadItsCertificateFailsToStartWithNginxsOwnMessage() throws IOException {
        Files.writeString(certificateDir.resolve(NginxServer.PRIVATE_KEY_FILE), "not a key\n");

        Throwable failure = catchThrowable(() -> NginxServer.start(certificateDir));

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nginx exited with code 1")
                .hasMessageContaining("cannot load certificate key");
        // A failed start keeps its work dir for a person to look at; this failure was on purpose.
        Matcher kept = Pattern.compile("work dir kept: (\\S+)\\)").matcher(failure.getMessage());
        assertThat(kept.find()).as(failure.getMessage()).isTrue();
        assertThat(Path.of(kept.group(1)).getFileName().toString()).startsWith("certflow-nginx-");
        ChildProcesses.deleteRecursively(Path.of(kept.group(1)));
    }

    /** Several fresh handshakes, so that a worker still holding a new config would show. */
    private void assertServesSeveralTimes(NginxServer nginx, ServerCertificates.Issued expected) throws IOException {
        for (int i = 0; i < 5; i++) {
            assertThat(nginx.servedCertificate(NAME).getSerialNumber()).as(nginx.logTail()).isEqualTo(expected.serial());
        }
    }

    private long pidFromFile(NginxServer nginx) throws IOException {
        return Long.parseLong(Files.readString(nginx.pidFile()).strip());
    }

    // ---------------------------------------------------------------------------------------------- sshd
    @Test
    void aClientThatPinnedTheHostKeyCopiesAFileOverSftp() throws IOException {
        try (SshServer ssh = SshServer.start()) {
            SshServer.ClientKey key = SshServer.newClientKey(client, "id_ed25519");
            ssh.authorize(key.publicKeyLine());
            Path knownHosts = knownHosts(ssh.knownHostsLine());

            CommandResult result = sftpPut(ssh, key.privateKeyFile(), knownHosts, upload, remote.resolve("fullchain.pem"));

            assertThat(result.exitCode()).as(result.output() + ssh.logTail()).isZero();
            assertThat(remote.resolve("fullchain.pem")).hasSameTextualContentAs(upload);
            assertThat(Files.readString(ssh.workDir().resolve("sshd.log")))
                    .as("sshd logs the key a login used").contains("Accepted publickey for " + ssh.user());
        }
    }

    @Test
    void aClientWhoseKnownHostsHoldsAnotherHostKeyIsRefusedAndNothingIsWritten() throws IOException {
        try (SshServer ssh = SshServer.start()) {
            SshServer.ClientKey key = SshServer.newClientKey(client, "id_ed25519");
            ssh.authorize(key.publicKeyLine());
            // Another server's key for this host and port: what a client sees when the host was replaced.
            SshServer.ClientKey impostor = SshServer.newClientKey(client, "other_host_key");
            String[] fields = impostor.publicKeyLine().split(" ");
            Path knownHosts = knownHosts("[127.0.0.1]:" + ssh.port() + " " + fields[0] + " " + fields[1]);

            CommandResult result = sftpPut(ssh, key.privateKeyFile(), knownHosts, upload, remote.resolve("fullchain.pem"));

            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(result.output()).contains("Host key verification failed");
            assertThat(remote).isEmptyDirectory();
        }
    }

    @Test
    void aKeyThatWasNotAuthorizedIsRefusedAndNothingIsWritten() throws IOException {
        try (SshServer ssh = SshServer.start()) {
            ssh.authorize(SshServer.newClientKey(client, "authorized").publicKeyLine());
            SshServer.ClientKey stranger = SshServer.newClientKey(client, "stranger");

            CommandResult result = sftpPut(ssh, stranger.privateKeyFile(), knownHosts(ssh.knownHostsLine()), upload,
                    remote.resolve("fullchain.pem"));

            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(result.output()).contains("Permission denied");
            assertThat(remote).isEmptyDirectory();
        }
    }

    @Test
    void theFingerprintIsThatOfTheHostKeyTheServerPresents() throws Exception {
        try (SshServer ssh = SshServer.start()) {
            CommandResult scan = ChildProcesses.run(List.of("ssh-keyscan", "-p", Integer.toString(ssh.port()),
                    "-T", "10", "127.0.0.1"), client, CLIENT_TIMEOUT);
            List<String> presented = scan.output().lines().filter(l -> !l.startsWith("#")).toList();
            assertThat(presented).as(scan.output()).containsExactly(ssh.knownHostsLine());

            // SHA256 over the key blob, base64 without padding: the form an operator copies from ssh-keygen -lf.
            byte[] blob = Base64.getDecoder().decode(ssh.hostPublicKey().split(" ")[1]);
            String computed = "SHA256:" + Base64.getEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
            assertThat(ssh.hostKeyFingerprint()).isEqualTo(computed).startsWith("SHA256:");
            assertThat(ssh.hostPublicKey()).startsWith("ssh-ed25519 ");
        }
    }

    @Test
    void aJavaPublicKeyAuthorizedInItsOpensshEncodingLogsIn() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Path privateKey = Files.createFile(client.resolve("id_ecdsa"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(privateKey, StandardCharsets.US_ASCII))) {
            writer.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null).generate());
        }
        try (SshServer ssh = SshServer.start()) {
            ssh.authorize(pair.getPublic());

            CommandResult result = sftpPut(ssh, privateKey, knownHosts(ssh.knownHostsLine()), upload,
                    remote.resolve("fullchain.pem"));

            assertThat(SshServer.openSshPublicKey(pair.getPublic())).startsWith("ecdsa-sha2-nistp256 AAAA");
            assertThat(result.exitCode()).as(result.output() + ssh.logTail()).isZero();
            assertThat(remote.resolve("fullchain.pem")).hasSameTextualContentAs(upload);
        }
    }

    @Test
    void closingTheServerStopsSshdAndFreesThePort() throws IOException {
        SshServer ssh = SshServer.start();
        ProcessHandle sshd = ProcessHandle.of(ssh.pid()).orElseThrow();
        ssh.close();

        await("sshd to end").atMost(Duration.ofSeconds(15)).until(() -> !sshd.isAlive());
        assertThatThrownBy(() -> connect(ssh.port())).isInstanceOf(ConnectException.class);
        assertThat(ssh.workDir()).doesNotExist();
    }

    private Path knownHosts(String line) throws IOException {
        return Files.writeString(client.resolve("known_hosts"), line + "\n");
    }

    /**
     * The system's sftp client in batch mode with nothing from the user's or the system's SSH config: only the given
     * key, only the given known_hosts, and no host key accepted that is not in it.
     */
    private CommandResult sftpPut(SshServer ssh, Path key, Path knownHosts, Path local, Path target) throws IOException {
        Path batch = Files.writeString(client.resolve("batch"), "put " + local + " " + target + "\n");
        return ChildProcesses.run(List.of("sftp", "-F", "/dev/null", "-b", batch.toString(),
                "-P", Integer.toString(ssh.port()),
                "-i", key.toString(),
                "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none",
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UpdateHostKeys=no",
                "-o", "ConnectTimeout=10",
                ssh.user() + "@" + ssh.host()), client, CLIENT_TIMEOUT);
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }
}

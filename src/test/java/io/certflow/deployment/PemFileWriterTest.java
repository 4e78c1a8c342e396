package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certflow.crypto.KeyProtection;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TransientFault;

class PemFileWriterTest {

    static final DeployedMaterial NEW = new DeployedMaterial(
            "-----BEGIN CERTIFICATE-----\nnew leaf\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nnew intermediate\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nnew leaf\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nnew intermediate\n"
                    + "-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\nnew key\n-----END PRIVATE KEY-----\n");
    static final String OLD_KEY = "-----BEGIN PRIVATE KEY-----\nold key\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;
    Path root;
    Path outside;
    Path backups;
    PemFileWriter writer;
    UUID deployment = UUID.randomUUID();

    @BeforeEach
    void aRootAPlaceOutsideItAndADataDirectory() throws IOException {
        root = Files.createDirectories(dir.resolve("certs")).toRealPath();
        outside = Files.createDirectories(dir.resolve("etc")).toRealPath();
        Path data = Files.createDirectories(dir.resolve("data"));
        backups = data.resolve("deployment-backups");
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        writer = new PemFileWriter(new DeploymentSettings(List.of(root), Map.of(), null), new KeyProtection(kek), data);
    }

    @Test
    void aDeploymentWritesTheFourFilesWithTheirModesAndContentAndWritingThemAgainChangesNothing() throws IOException {
        DeploymentTarget target = target(files("site/cert.pem", "site/chain.pem", "site/fullchain.pem", "site/key.pem", "0644", "0600"));

        writer.write(deployment, target, NEW);
        writer.write(deployment, target, NEW);

        Path site = root.resolve("site");
        assertThat(site.resolve("cert.pem")).hasContent(NEW.certificatePem());
        assertThat(site.resolve("chain.pem")).hasContent(NEW.chainPem());
        assertThat(site.resolve("fullchain.pem")).hasContent(NEW.fullChainPem());
        assertThat(site.resolve("key.pem")).hasContent(NEW.privateKeyPem());
        assertThat(mode(site.resolve("cert.pem"))).isEqualTo("rw-r--r--");
        assertThat(mode(site.resolve("chain.pem"))).isEqualTo("rw-r--r--");
        assertThat(mode(site.resolve("fullchain.pem"))).isEqualTo("rw-r--r--");
        assertThat(mode(site.resolve("key.pem"))).isEqualTo("rw-------");
        assertThat(names(site)).as("no temporary file is left beside them")
                .containsExactlyInAnyOrder("cert.pem", "chain.pem", "fullchain.pem", "key.pem");
    }

    @Test
    void aFileThatIsALinkInsideTheRootStaysALinkAndTheFileItPointsToGetsTheNewContent() throws IOException {
        Path live = Files.createDirectories(root.resolve("live"));
        Files.writeString(live.resolve("cert.pem"), "old");
        Files.createSymbolicLink(root.resolve("cert.pem"), live.resolve("cert.pem"));

        writer.write(deployment, target(files("cert.pem", null, null, null, "0644", "0600")), NEW);

        assertThat(Files.isSymbolicLink(root.resolve("cert.pem"))).isTrue();
        assertThat(live.resolve("cert.pem")).hasContent(NEW.certificatePem());
    }

    @Test
    void aRollbackPutsBackTheExactOldBytesAndModesAndRemovesTheFileThatDidNotExistBefore() throws IOException {
        byte[] oldCertificate = "old certificate\r\nwith odd bytes \u00e9\n".getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("cert.pem"), oldCertificate);
        Files.setPosixFilePermissions(root.resolve("cert.pem"), PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(root.resolve("key.pem"), OLD_KEY);
        Files.setPosixFilePermissions(root.resolve("key.pem"), PosixFilePermissions.fromString("r--------"));
        DeploymentTarget target = target(files("cert.pem", "chain.pem", null, "key.pem", "0644", "0600"));

        writer.keepCopy(deployment, target);
        writer.write(deployment, target, NEW);
        assertThat(root.resolve("key.pem")).hasContent(NEW.privateKeyPem());
        writer.restore(deployment, target);
        writer.restore(deployment, target);

        assertThat(root.resolve("cert.pem")).hasBinaryContent(oldCertificate);
        assertThat(mode(root.resolve("cert.pem"))).isEqualTo("rw-r-----");
        assertThat(root.resolve("key.pem")).hasContent(OLD_KEY);
        assertThat(mode(root.resolve("key.pem"))).isEqualTo("r--------");
        assertThat(root.resolve("chain.pem")).doesNotExist();
        assertThat(names(root)).containsExactlyInAnyOrder("cert.pem", "key.pem");
    }

    @Test
    void keepingACopyAgainAfterTheNewFilesWereWrittenStillKeepsTheOldOnes() throws IOException {
        Files.writeString(root.resolve("key.pem"), OLD_KEY);
        DeploymentTarget target = target(files(null, null, null, "key.pem", "0644", "0600"));

        writer.keepCopy(deployment, target);
        writer.write(deployment, target, NEW);
        writer.keepCopy(deployment, target); // the step ran again after a crash
        writer.restore(deployment, target);

        assertThat(root.resolve("key.pem")).hasContent(OLD_KEY);
    }

    @Test
    void whatACrashedKeepLeftHalfWrittenIsReplacedByAWholeCopy() throws IOException {
        Files.writeString(root.resolve("key.pem"), OLD_KEY);
        Path leftover = Files.createDirectories(backups.resolve("." + deployment + ".tmp"));
        Files.writeString(leftover.resolve("kept-files"), "v1:half");
        DeploymentTarget target = target(files(null, null, null, "key.pem", "0644", "0600"));

        writer.keepCopy(deployment, target);
        writer.write(deployment, target, NEW);
        writer.restore(deployment, target);

        assertThat(root.resolve("key.pem")).hasContent(OLD_KEY);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aDirectoryThatBecameALinkOutOfTheRootAfterTheTargetWasSavedIsRefusedAtWriteTimeAndNothingIsWritten() throws IOException {
        Path site = Files.createDirectories(root.resolve("site"));
        PemFiles files = files("cert.pem", null, null, "site/key.pem", "0644", "0600");
        assertThat(new AllowedPaths(List.of(root)).problemWith("keyPath", files.keyPath())).as("allowed when saved").isNull();
        Files.delete(site);
        Files.createSymbolicLink(site, outside);

        assertThatThrownBy(() -> writer.write(deployment, target(files), NEW))
                .isInstanceOfSatisfying(BusinessFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo(FailureReason.DEPLOYMENT_REFUSED))
                .hasMessageContaining("files.keyPath (" + root.resolve("site/key.pem") + ")")
                .hasMessageContaining("lies outside the allowed directories")
                .hasMessageContaining("once its symbolic links are followed");
        assertThatThrownBy(() -> writer.keepCopy(deployment, target(files)))
                .isInstanceOf(BusinessFailure.class).hasMessageContaining("lies outside the allowed directories");

        assertThat(names(outside)).isEmpty();
        assertThat(root.resolve("cert.pem")).as("no part is written when one is refused").doesNotExist();
        assertThat(backups.resolve(deployment.toString())).doesNotExist();
    }

    @Test
    void theKeptCopyIsEncryptedAndOnlyCertflowsUserMayReadIt() throws IOException {
        Files.writeString(root.resolve("key.pem"), OLD_KEY);
        Files.writeString(root.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nold\n-----END CERTIFICATE-----\n");

        writer.keepCopy(deployment, target(files("cert.pem", null, null, "key.pem", "0644", "0600")));

        Path kept = backups.resolve(deployment.toString());
        assertThat(mode(backups)).isEqualTo("rwx------");
        assertThat(mode(kept)).isEqualTo("rwx------");
        try (Stream<Path> all = Files.walk(kept)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertThat(files).isNotEmpty().allSatisfy(file -> {
                assertThat(mode(file)).isEqualTo("rw-------");
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertThat(text).doesNotContain("PRIVATE KEY", "BEGIN", "old key", root.toString(),
                        Base64.getEncoder().encodeToString(OLD_KEY.getBytes(StandardCharsets.US_ASCII)));
            });
        }
    }

    @Test
    void discardingTheCopyRemovesItAndARollbackAfterwardsSaysThereIsNothingToPutBack() throws IOException {
        Files.writeString(root.resolve("key.pem"), OLD_KEY);
        DeploymentTarget target = target(files(null, null, null, "key.pem", "0644", "0600"));
        writer.keepCopy(deployment, target);

        writer.discardCopy(deployment);
        writer.discardCopy(deployment);

        assertThat(names(backups)).isEmpty();
        assertThatThrownBy(() -> writer.restore(deployment, target)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No copy of the target's files is kept for deployment " + deployment);
        assertThat(root.resolve("key.pem")).hasContent(OLD_KEY);
    }

    @Test
    void aTargetWhoseFilesChangedAfterItsCopyWasKeptIsRefusedBecauseNoRollbackCouldReachTheNewFile() {
        writer.keepCopy(deployment, target(files(null, null, null, "key.pem", "0644", "0600")));

        assertThatThrownBy(() -> writer.write(deployment, target(files(null, null, null, "other-key.pem", "0644", "0600")), NEW))
                .isInstanceOf(BusinessFailure.class).hasMessageContaining("changed after this deployment kept a copy");
        assertThat(root.resolve("other-key.pem")).doesNotExist();
    }

    @Test
    void twoPartsThatNameOneFileAreRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("also-cert.pem"), root.resolve("cert.pem"));

        assertThatThrownBy(() -> writer.write(deployment, target(files("cert.pem", null, "also-cert.pem", null, "0644", "0600")), NEW))
                .isInstanceOf(BusinessFailure.class).hasMessageContaining("is the same file as files.certificatePath");
        assertThat(root.resolve("cert.pem")).doesNotExist();
    }

    @Test
    void aFaultOfTheFileSystemIsLeftToTheEngineToRetryAndNamesThePath() throws IOException {
        Files.writeString(root.resolve("site"), "a file where a directory should be");

        assertThatThrownBy(() -> writer.write(deployment, target(files("site/cert.pem", null, null, null, "0644", "0600")), NEW))
                .isInstanceOf(TransientFault.class)
                .hasMessageContaining("files.certificatePath (" + root.resolve("site/cert.pem") + ")")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void ownerAndGroupAreGivenWhenCertflowMayChangeThem() throws IOException {
        assumeThat(System.getProperty("user.name")).as("only root may give files away").isEqualTo("root");
        PemFiles files = new PemFiles(null, null, null, root.resolve("key.pem").toString(), "0644", "0640", "nobody", "nogroup");

        writer.write(deployment, target(files), NEW);

        assertThat(Files.getOwner(root.resolve("key.pem")).getName()).isEqualTo("nobody");
        assertThat(Files.readAttributes(root.resolve("key.pem"), java.nio.file.attribute.PosixFileAttributes.class).group().getName())
                .isEqualTo("nogroup");
        assertThat(mode(root.resolve("key.pem"))).isEqualTo("rw-r-----");
    }

    @Test
    void anOwnerTheHostDoesNotKnowIsRefusedAndNothingIsWritten() {
        PemFiles files = new PemFiles(root.resolve("cert.pem").toString(), null, null, root.resolve("key.pem").toString(), "0644",
                "0600", "no-such-user", null);

        assertThatThrownBy(() -> writer.write(deployment, target(files), NEW))
                .isInstanceOfSatisfying(BusinessFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo(FailureReason.DEPLOYMENT_REFUSED))
                .hasMessageContaining("no user or group named 'no-such-user'");
        assertThat(names(root)).isEmpty();
    }

    private PemFiles files(String certificate, String chain, String fullChain, String key, String fileMode, String keyMode) {
        return new PemFiles(under(certificate), under(chain), under(fullChain), under(key), fileMode, keyMode, null, null);
    }

    private String under(String relative) {
        return relative == null ? null : root.resolve(relative).toString();
    }

    private static DeploymentTarget target(PemFiles files) {
        Instant now = Instant.now();
        return new DeploymentTarget(UUID.randomUUID(), "tenant", "web", DeploymentTargetKind.PEM_FILES, files, null, null, null, now, now);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> names(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

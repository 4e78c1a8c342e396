package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certflow.crypto.KeyProtection;

/**
 * A crash (here: an Error thrown where the JVM would die) between the renames of a write leaves the
 * target with the new certificate beside the old key; when Certflow starts again the write is
 * finished before any step runs, so no reload finds the target half written.
 */
class UnfinishedWritesTest {

    static final DeployedMaterial NEW = PemFileWriterTest.NEW;
    static final String OLD_FULL_CHAIN = "-----BEGIN CERTIFICATE-----\nold leaf\n-----END CERTIFICATE-----\n";
    static final String OLD_KEY = PemFileWriterTest.OLD_KEY;

    /** What SIGKILL does to the thread that writes: it stops, and runs no catch or finally of ours. */
    static final class Killed extends Error {
    }

    @TempDir
    Path dir;
    Path root;
    Path site;
    Path data;
    KeyProtection protection;
    DeploymentSettings settings;
    DeploymentTarget target;
    final UUID deployment = UUID.randomUUID();

    @BeforeEach
    void aSiteServingTheOldCertificate() throws IOException {
        root = Files.createDirectories(dir.resolve("certs")).toRealPath();
        site = Files.createDirectories(root.resolve("site"));
        data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(site.resolve("fullchain.pem"), OLD_FULL_CHAIN);
        Files.writeString(site.resolve("privkey.pem"), OLD_KEY);
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        protection = new KeyProtection(kek);
        settings = new DeploymentSettings(List.of(root), Map.of(), null);
        Instant now = Instant.now();
        target = new DeploymentTarget(UUID.randomUUID(), "tenant", "web", DeploymentTargetKind.PEM_FILES,
                new PemFiles(null, null, site.resolve("fullchain.pem").toString(), site.resolve("privkey.pem").toString(), "0644",
                        "0600", null, null), null, null, "nginx", now, now);
    }

    /** A writer whose JVM dies right after the write noted its renames, before the first of them. */
    private PemFileWriter killedAfterTheNote() {
        return new PemFileWriter(settings, protection, data, new UnfinishedWrites(data.resolve(UnfinishedWrites.DIRECTORY)) {
            @Override
            void begin(String tag, List<AtomicFiles.Staged> staged) {
                super.begin(tag, staged);
                throw new Killed();
            }
        });
    }

    /** Certflow started again on the same data directory. */
    private PemFileWriter restarted(List<Path> allowedRoots) {
        PemFileWriter writer = new PemFileWriter(new DeploymentSettings(allowedRoots, Map.of(), null), protection, data);
        writer.finishWritesACrashInterrupted();
        return writer;
    }

    @Test
    void aWriteKilledBetweenItsTwoRenamesIsFinishedWhenCertflowStartsAgain() throws IOException {
        assertThatThrownBy(() -> killedAfterTheNote().write(deployment, target, NEW)).isInstanceOf(Killed.class);
        // The first rename (the full chain) happened; the key's did not.
        Files.move(site.resolve(".certflow-" + deployment + "-0.tmp"), site.resolve("fullchain.pem"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(site.resolve("fullchain.pem")).hasContent(NEW.fullChainPem());
        assertThat(site.resolve("privkey.pem")).as("half written: what nginx refuses to load").hasContent(OLD_KEY);

        restarted(List.of(root));

        assertThat(site.resolve("fullchain.pem")).hasContent(NEW.fullChainPem());
        assertThat(site.resolve("privkey.pem")).hasContent(NEW.privateKeyPem());
        assertThat(mode(site.resolve("privkey.pem"))).isEqualTo("rw-------");
        assertThat(names(site)).containsExactlyInAnyOrder("fullchain.pem", "privkey.pem");
        assertThat(names(data.resolve(UnfinishedWrites.DIRECTORY))).as("notes left").isEmpty();
    }

    @Test
    void aWriteKilledAfterItsNoteAndBeforeAnyRenameIsFinishedWhole() throws IOException {
        assertThatThrownBy(() -> killedAfterTheNote().write(deployment, target, NEW)).isInstanceOf(Killed.class);

        restarted(List.of(root));

        assertThat(site.resolve("fullchain.pem")).hasContent(NEW.fullChainPem());
        assertThat(site.resolve("privkey.pem")).hasContent(NEW.privateKeyPem());
        assertThat(names(site)).containsExactlyInAnyOrder("fullchain.pem", "privkey.pem");
    }

    @Test
    void aWriteKilledWhileItStagedItsFilesRenamedNothingAndIsNotFinishedButItsNextRunCleansUp() throws IOException {
        // Staged, not noted: the state of a crash before the note.
        AtomicFiles.stage(List.of(
                new AtomicFiles.Planned("full chain", site.resolve("fullchain.pem"), NEW.fullChainPem().getBytes(), AtomicFiles.OWNER_ONLY,
                        null, null),
                new AtomicFiles.Planned("key", site.resolve("privkey.pem"), NEW.privateKeyPem().getBytes(), AtomicFiles.OWNER_ONLY,
                        null, null)), deployment.toString());

        PemFileWriter writer = restarted(List.of(root));

        assertThat(site.resolve("fullchain.pem")).as("the old files, whole").hasContent(OLD_FULL_CHAIN);
        assertThat(site.resolve("privkey.pem")).hasContent(OLD_KEY);
        writer.write(deployment, target, NEW);
        assertThat(site.resolve("privkey.pem")).hasContent(NEW.privateKeyPem());
        assertThat(names(site)).containsExactlyInAnyOrder("fullchain.pem", "privkey.pem");
    }

    @Test
    void aWriteThatEndsLeavesNoNote() throws IOException {
        new PemFileWriter(settings, protection, data).write(deployment, target, NEW);

        assertThat(names(data.resolve(UnfinishedWrites.DIRECTORY))).isEmpty();
        assertThat(site.resolve("privkey.pem")).hasContent(NEW.privateKeyPem());
    }

    @Test
    void aNotedFileNoLongerUnderAnAllowedRootIsNotTouchedAndItsStagedFileIsRemoved() throws IOException {
        assertThatThrownBy(() -> killedAfterTheNote().write(deployment, target, NEW)).isInstanceOf(Killed.class);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).toRealPath();

        restarted(List.of(elsewhere));

        assertThat(site.resolve("fullchain.pem")).hasContent(OLD_FULL_CHAIN);
        assertThat(site.resolve("privkey.pem")).hasContent(OLD_KEY);
        assertThat(names(site)).containsExactlyInAnyOrder("fullchain.pem", "privkey.pem");
        assertThat(names(data.resolve(UnfinishedWrites.DIRECTORY))).isEmpty();
    }

    @Test
    void aNoteHoldsPathsAndNeverTheKey() throws IOException {
        assertThatThrownBy(() -> killedAfterTheNote().write(deployment, target, NEW)).isInstanceOf(Killed.class);

        Path note = data.resolve(UnfinishedWrites.DIRECTORY).resolve(deployment.toString());
        assertThat(Files.readString(note)).doesNotContain("new key").contains("privkey.pem");
        assertThat(mode(note)).isEqualTo("rw-------");
        assertThat(mode(data.resolve(UnfinishedWrites.DIRECTORY))).isEqualTo("rwx------");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}

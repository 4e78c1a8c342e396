package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowedPathsTest {

    @TempDir
    Path dir;
    Path root;
    Path outside;
    AllowedPaths paths;

    @BeforeEach
    void aRootAndAPlaceOutsideIt() throws IOException {
        root = Files.createDirectories(dir.resolve("certs"));
        outside = Files.createDirectories(dir.resolve("etc"));
        paths = new AllowedPaths(List.of(root));
    }

    @Test
    void aFileUnderTheRootThatDoesNotExistYetIsAllowed() {
        assertThat(paths.problemWith("keyPath", root.resolve("site/privkey.pem").toString())).isNull();
    }

    @Test
    void aRelativePathIsRefused() {
        assertThat(paths.problemWith("keyPath", "certs/privkey.pem")).contains("keyPath: must be an absolute path");
    }

    @Test
    void dotDotIsRefusedEvenWhenItWouldEndUnderTheRoot() {
        assertThat(paths.problemWith("keyPath", root + "/../certs/privkey.pem")).contains("must not contain '..'");
        assertThat(paths.problemWith("keyPath", root + "/./privkey.pem")).contains("must not contain '..'");
    }

    @Test
    void aPathOutsideTheRootIsRefusedNamingTheAllowedDirectories() {
        assertThat(paths.problemWith("certificatePath", outside.resolve("cert.pem").toString()))
                .contains("certificatePath: lies outside the allowed directories").contains(root.toString());
    }

    @Test
    void aDirectoryLinkThatLeadsOutOfTheRootIsFollowedAndRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);

        assertThat(paths.problemWith("keyPath", root.resolve("escape/privkey.pem").toString()))
                .contains("outside the allowed directories").contains("once its symbolic links are followed");
    }

    @Test
    void aFileLinkThatPointsOutOfTheRootIsRefusedWhetherOrNotItsTargetExists() throws IOException {
        Files.createSymbolicLink(root.resolve("passwd.pem"), outside.resolve("passwd"));
        Files.writeString(outside.resolve("shadow"), "x");
        Files.createSymbolicLink(root.resolve("shadow.pem"), outside.resolve("shadow"));

        assertThat(paths.problemWith("keyPath", root.resolve("passwd.pem").toString())).contains("outside the allowed directories");
        assertThat(paths.problemWith("keyPath", root.resolve("shadow.pem").toString())).contains("outside the allowed directories");
    }

    @Test
    void aLinkThatStaysInsideTheRootIsAllowed() throws IOException {
        Files.createDirectories(root.resolve("live/site"));
        Files.createSymbolicLink(root.resolve("current"), root.resolve("live/site"));

        assertThat(paths.problemWith("keyPath", root.resolve("current/privkey.pem").toString())).isNull();
    }

    @Test
    void linksThatLoopAreRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
        Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));

        assertThat(paths.problemWith("keyPath", root.resolve("a/privkey.pem").toString())).contains("cannot be checked");
    }

    @Test
    void theRootItselfOrADirectoryIsNoFile() throws IOException {
        Files.createDirectories(root.resolve("site"));

        assertThat(paths.problemWith("keyPath", root.toString())).contains("outside the allowed directories");
        assertThat(paths.problemWith("keyPath", root.resolve("site").toString())).contains("is a directory");
        assertThat(paths.problemWith("keyPath", root + "/site/")).contains("names a directory");
    }

    @Test
    void aControlCharacterInAPathIsRefused() {
        assertThat(paths.problemWith("keyPath", root + "/key\u0000.pem")).contains("no control characters");
        assertThat(paths.problemWith("keyPath", root + "/key\n.pem")).contains("no control characters");
    }

    @Test
    void withNoAllowedRootLocalFilesAreOffAndTheMessageSaysHowToAllowThem() {
        assertThat(new AllowedPaths(List.of()).problemWith("keyPath", root.resolve("privkey.pem").toString()))
                .contains("local files are off").contains("certflow.deployment.allowed-roots");
    }
}

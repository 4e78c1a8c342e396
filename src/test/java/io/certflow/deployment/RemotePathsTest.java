package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemotePathsTest {

    @Test
    void anAbsolutePathOnTheRemoteHostIsAcceptedWhereverItLies() {
        // Not this host's allowed roots: the remote account's own rights bound where it writes.
        assertThat(RemotePaths.problemWith("files.keyPath", "/etc/nginx/ssl/privkey.pem")).isNull();
        assertThat(RemotePaths.problemWith("files.keyPath", "/srv/my site/key file.pem")).isNull();
        assertThat(RemotePaths.problemWith("files.keyPath", "/key.pem")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a relative path | etc/privkey.pem | must be an absolute path",
            "a path climbing with .. | /etc/nginx/../../root/key.pem | must not contain '..'",
            "a path ending in .. | /etc/nginx/.. | must not contain '..'",
            "a dot part | /etc/./key.pem | must not contain '..'",
            "an empty part | /etc//key.pem | must not contain '..'",
            "a directory | /etc/nginx/ | names a directory",
            "the root | / | names a directory",
            "an asterisk | /etc/ssl/*.pem | '*', '?' or '\\'",
            "a question mark | /etc/ssl/key?.pem | '*', '?' or '\\'",
            "a backslash | /etc/ssl/key\\.pem | '*', '?' or '\\'"})
    void aPathThatIsNotOneRemoteFileAsWrittenIsRefusedNamingTheField(String what, String path, String rule) {
        assertThat(RemotePaths.problemWith("files.keyPath", path)).as(what).startsWith("files.keyPath: ").contains(rule);
    }

    @Test
    void controlCharactersAreRefusedWhereverTheyAre() {
        for (String path : new String[] {"/etc/key\u0000.pem", "/etc/key\n.pem", "/etc/key\u007f.pem", "/etc/key\u0085.pem", "\t/etc/key.pem"}) {
            assertThat(RemotePaths.problemWith("files.certificatePath", path)).as(path.replaceAll("\\p{Cntrl}", "^"))
                    .isEqualTo("files.certificatePath: a path holds no control characters");
        }
    }

    @Test
    void aPathLongerThanTheColumnIsRefused() {
        String longest = "/" + "a".repeat(RemotePaths.MAX_LENGTH - 1);

        assertThat(RemotePaths.problemWith("files.chainPath", longest)).isNull();
        assertThat(RemotePaths.problemWith("files.chainPath", longest + "a")).isEqualTo("files.chainPath: at most 1024 characters");
    }

    @Test
    void theParentAndASiblingOfAPathAreInItsDirectory() {
        assertThat(RemotePaths.parentOf("/etc/ssl/key.pem")).isEqualTo("/etc/ssl");
        assertThat(RemotePaths.parentOf("/key.pem")).isEqualTo("/");
        assertThat(RemotePaths.sibling("/etc/ssl/key.pem", ".tmp")).isEqualTo("/etc/ssl/.tmp");
        assertThat(RemotePaths.sibling("/key.pem", ".tmp")).isEqualTo("/.tmp");
    }
}

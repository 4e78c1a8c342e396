package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RemoteCommandTest {

    @Test
    void everyArgumentIsSingleQuotedAndAQuoteInsideIsEscaped() {
        assertThat(RemoteCommand.line(List.of("nginx", "-s", "reload"))).isEqualTo("'nginx' '-s' 'reload'");
        assertThat(RemoteCommand.line(List.of("echo", "it's"))).isEqualTo("'echo' 'it'\\''s'");
        assertThat(RemoteCommand.line(List.of("printf", ""))).isEqualTo("'printf' ''");
    }

    @Test
    void aPosixShellGivesTheProgramExactlyTheConfiguredArgumentsAndExpandsNothing() throws Exception {
        List<String> hostile = List.of("it's", "$HOME", "`id`", "$(id)", "a b", "*", "", "new\nline", "\\", "\"", "; rm -rf x",
                "--option", "\u00fcn\u00efcode", "'", "''");
        List<String> command = new java.util.ArrayList<>(List.of("printf", "%s\\0"));
        command.addAll(hostile);

        // sshd hands the line to the account's shell exactly like this.
        Process shell = new ProcessBuilder("/bin/sh", "-c", RemoteCommand.line(command)).redirectErrorStream(true).start();
        shell.getOutputStream().close();
        byte[] output = shell.getInputStream().readAllBytes();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(shell.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(Arrays.asList(text.split("\0", -1)).subList(0, hostile.size())).isEqualTo(hostile);
    }

    @Test
    void anArgumentWithANulIsRefusedRatherThanCutShort() {
        assertThatThrownBy(() -> RemoteCommand.line(List.of("touch", "/tmp/a\u0000b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThatThrownBy(() -> RemoteCommand.line(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeptOutputStopsAtTheLimitWithoutCuttingACharacter() throws IOException {
        RemoteReload.BoundedSink sink = new RemoteReload.BoundedSink();
        byte[] almost = "x".repeat(ReloadRunner.MAX_OUTPUT_BYTES - 1).getBytes(StandardCharsets.US_ASCII);
        sink.write(almost);
        sink.write("\u00e9 and more that is dropped".getBytes(StandardCharsets.UTF_8));

        assertThat(sink.text()).isEqualTo(new String(almost, StandardCharsets.US_ASCII));
    }
}

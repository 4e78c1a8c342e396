package io.certflow.deployment;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configured reload command as the one line an SSH exec request carries. sshd hands that line to the
 * remote account's shell, so every argument is put in single quotes, inside which a POSIX shell expands
 * nothing; a quote in an argument ends the quoting, adds an escaped quote and starts it again. The
 * arguments reach the program exactly as configured, as they do on this host without a shell.
 */
final class RemoteCommand {

    private RemoteCommand() {
    }

    static String line(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a reload command has at least the program to run");
        }
        return arguments.stream().map(RemoteCommand::quoted).collect(Collectors.joining(" "));
    }

    static String quoted(String argument) {
        // A NUL would end the line where sshd reads it, and the rest would be lost silently.
        if (argument.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a reload command's argument holds a NUL character, which no remote command can receive");
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}

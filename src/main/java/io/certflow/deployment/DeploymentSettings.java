package io.certflow.deployment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What an administrator of the Certflow host allows deployments to do there. Nothing from the API
 * widens it: a target names a reload command defined here, and its files lie under these roots.
 *
 * @param allowedRoots   directories local targets may write into (empty: local targets are off)
 * @param reloadCommands name to argument list, run without a shell, e.g. nginx: [nginx, -s, reload]
 * @param reloadTimeout  the longest a reload command may run before it is killed with the processes it
 *                       started and the reload counts as failed
 */
@ConfigurationProperties("certflow.deployment")
public record DeploymentSettings(List<Path> allowedRoots, Map<String, List<String>> reloadCommands, Duration reloadTimeout) {

    static final Duration DEFAULT_RELOAD_TIMEOUT = Duration.ofSeconds(30);

    public DeploymentSettings {
        allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        reloadCommands = reloadCommands == null ? Map.of() : checkedCopy(reloadCommands);
        reloadTimeout = reloadTimeout == null ? DEFAULT_RELOAD_TIMEOUT : reloadTimeout;
        if (reloadTimeout.isNegative() || reloadTimeout.isZero()) {
            throw new IllegalArgumentException("certflow.deployment.reload-timeout must be longer than zero, such as PT30S");
        }
    }

    /** Refuses at start-up a command that could only fail at the first deployment. */
    private static Map<String, List<String>> checkedCopy(Map<String, List<String>> commands) {
        commands.forEach((name, arguments) -> {
            if (arguments == null || arguments.isEmpty() || arguments.stream().anyMatch(argument -> argument == null)
                    || arguments.get(0).isBlank()) {
                throw new IllegalArgumentException("certflow.deployment.reload-commands." + name
                        + " must be a list of arguments whose first is the program to run, such as [nginx, -s, reload]");
            }
        });
        return commands.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
    }
}

package io.certflow.deployment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * What an administrator of the Certflow host allows deployments to do there. Nothing from the API
 * widens it: a target names a reload command defined here, and its files lie under these roots.
 *
 * @param allowedRoots   directories local targets may write into (empty: local targets are off)
 * @param reloadCommands name to argument list, run without a shell, e.g. nginx: [nginx, -s, reload]
 * @param reloadTimeout  the longest a reload command may run before it is killed with the processes it
 *                       started and the reload counts as failed
 * @param gracePeriod    how long after the reload the verify endpoint may still serve the old certificate
 *                       before the deployment is rolled back: some servers finish a reload late
 * @param verifyInterval the wait between two looks at the verify endpoint within the grace period
 * @param probeTimeout   the longest one look (connect and TLS handshake) may take
 */
@ConfigurationProperties("certflow.deployment")
public record DeploymentSettings(List<Path> allowedRoots, Map<String, List<String>> reloadCommands, Duration reloadTimeout,
                                 Duration gracePeriod, Duration verifyInterval, Duration probeTimeout) {

    static final Duration DEFAULT_RELOAD_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_GRACE_PERIOD = Duration.ofMinutes(2);
    static final Duration DEFAULT_VERIFY_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);

    @ConstructorBinding
    public DeploymentSettings {
        allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        reloadCommands = reloadCommands == null ? Map.of() : checkedCopy(reloadCommands);
        reloadTimeout = positive("reload-timeout", reloadTimeout, DEFAULT_RELOAD_TIMEOUT);
        gracePeriod = positive("grace-period", gracePeriod, DEFAULT_GRACE_PERIOD);
        verifyInterval = positive("verify-interval", verifyInterval, DEFAULT_VERIFY_INTERVAL);
        probeTimeout = positive("probe-timeout", probeTimeout, DEFAULT_PROBE_TIMEOUT);
    }

    public DeploymentSettings(List<Path> allowedRoots, Map<String, List<String>> reloadCommands, Duration reloadTimeout) {
        this(allowedRoots, reloadCommands, reloadTimeout, null, null, null);
    }

    private static Duration positive(String name, Duration given, Duration otherwise) {
        Duration duration = given == null ? otherwise : given;
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("certflow.deployment." + name + " must be longer than zero, such as " + otherwise);
        }
        return duration;
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

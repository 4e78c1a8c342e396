package io.certflow.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What an administrator of the Certflow host allows deployments to do there. Nothing from the API
 * widens it: a target names a reload command defined here, and its files lie under these roots.
 *
 * @param allowedRoots   directories local targets may write into (empty: local targets are off)
 * @param reloadCommands name to argument list, run without a shell, e.g. nginx: [nginx, -s, reload]
 */
@ConfigurationProperties("certflow.deployment")
public record DeploymentSettings(List<Path> allowedRoots, Map<String, List<String>> reloadCommands) {

    public DeploymentSettings {
        allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        reloadCommands = reloadCommands == null ? Map.of() : Map.copyOf(reloadCommands);
    }
}

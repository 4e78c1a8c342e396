package io.certflow.web.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.certflow.deployment.DeploymentTarget;
import io.certflow.deployment.DeploymentTargetService.TargetSettings;
import io.certflow.deployment.KeystoreSettings;
import io.certflow.deployment.PemFiles;
import io.certflow.deployment.SshLoginSettings;
import io.certflow.deployment.VerifyEndpoint;

/**
 * The deployment target form as typed, one flat field per setting of the API's body. A group (files,
 * keystore, ssh, verify) left wholly blank is left out, as a JSON body leaves it out, so the service
 * applies the API's rules unchanged. The secrets (keystore password, SSH private key or password) are
 * never filled in from a stored target: blank on an edit keeps the stored one, as a PUT without one does.
 */
record TargetForm(String tenant, String name, String kind,
                  String certificatePath, String chainPath, String fullChainPath, String keyPath, String fileMode,
                  String keyMode, String owner, String group,
                  String keystorePath, String keystoreFormat, String keystoreAlias, String keystorePassword,
                  String sshHost, String sshPort, String sshUser, String sshPrivateKey, String sshPassword,
                  String sshHostKeyFingerprint,
                  String verifyHost, String verifyPort, String verifyServerName, String reloadCommand) {

    /** The API's field names (as the service's problems start) to this form's fields. */
    private static final Map<String, String> FIELD_OF_PROBLEM = fieldsOfProblems();

    static TargetForm empty() {
        return new TargetForm(null, "", "PEM_FILES", "", "", "", "", "", "", "", "", "", "", "", null, "", "", "", null, null, "",
                "", "", "", "");
    }

    /** A stored target's settings, its secrets left out. */
    static TargetForm of(DeploymentTarget target) {
        PemFiles files = target.files();
        boolean ssh = target.ssh() != null;
        return new TargetForm(target.tenantId(), target.name(), target.kind().name(),
                files == null ? "" : files.certificatePath(), files == null ? "" : files.chainPath(),
                files == null ? "" : files.fullChainPath(), files == null ? "" : files.keyPath(),
                files == null ? "" : files.fileMode(), files == null ? "" : files.keyMode(),
                files == null ? "" : files.owner(), files == null ? "" : files.group(),
                target.keystore() == null ? "" : target.keystore().path(),
                target.keystore() == null ? "" : target.keystore().format().name(),
                target.keystore() == null ? "" : target.keystore().alias(), null,
                ssh ? target.ssh().host() : "", ssh ? Integer.toString(target.ssh().port()) : "", ssh ? target.ssh().user() : "", null,
                null, ssh ? target.ssh().hostKeyFingerprint() : "",
                target.verify() == null ? "" : target.verify().host(),
                target.verify() == null ? "" : Integer.toString(target.verify().port()),
                target.verify() == null ? "" : target.verify().serverName(), target.reloadCommand());
    }

    /** The same form without its secrets: what a refused form shows again. */
    TargetForm withoutSecrets() {
        return new TargetForm(tenant, name, kind, certificatePath, chainPath, fullChainPath, keyPath, fileMode, keyMode, owner, group,
                keystorePath, keystoreFormat, keystoreAlias, null, sshHost, sshPort, sshUser, null, null, sshHostKeyFingerprint,
                verifyHost, verifyPort, verifyServerName, reloadCommand);
    }

    /**
     * The settings the API's body would carry. A port that is no number goes on as -1, out of range, so the
     * service refuses it with its own words, next to the problems of every other field.
     */
    TargetSettings settings() {
        PemFiles files = anyGiven(certificatePath, chainPath, fullChainPath, keyPath, fileMode, keyMode, owner, group)
                ? new PemFiles(given(certificatePath), given(chainPath), given(fullChainPath), given(keyPath), given(fileMode),
                given(keyMode), given(owner), given(group)) : null;
        KeystoreSettings keystore = anyGiven(keystorePath, keystoreFormat, keystoreAlias, keystorePassword)
                ? new KeystoreSettings(given(keystorePath), given(keystoreFormat), given(keystoreAlias), secret(keystorePassword))
                : null;
        SshLoginSettings ssh = anyGiven(sshHost, sshPort, sshUser, sshPrivateKey, sshPassword, sshHostKeyFingerprint)
                ? new SshLoginSettings(given(sshHost), port(sshPort),
                given(sshUser), secret(sshPrivateKey), secret(sshPassword), given(sshHostKeyFingerprint)) : null;
        VerifyEndpoint verify = null;
        if (anyGiven(verifyHost, verifyPort, verifyServerName)) {
            Integer port = port(verifyPort);
            verify = new VerifyEndpoint(given(verifyHost), port == null ? 0 : port, given(verifyServerName));
        }
        return new TargetSettings(given(tenant), name, given(kind), files, keystore, ssh, verify, given(reloadCommand));
    }

    /**
     * Each problem at the form field it names ("files.keyMode: ..." at keyMode, "ssh.privateKey or
     * ssh.password: ..." at the private key); a problem about a whole group at the group; others under general.
     */
    static Map<String, List<String>> byField(List<String> problems) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (String problem : problems) {
            grouped.computeIfAbsent(fieldOf(problem), ignored -> new ArrayList<>()).add(problem);
        }
        return grouped;
    }

    static String fieldOf(String problem) {
        int colon = problem.indexOf(':');
        String head = colon < 0 ? "" : problem.substring(0, colon).trim();
        int space = head.indexOf(' ');
        String first = space < 0 ? head : head.substring(0, space);
        return FIELD_OF_PROBLEM.getOrDefault(first, FieldProblems.GENERAL);
    }

    private static Map<String, String> fieldsOfProblems() {
        Map<String, String> fields = new LinkedHashMap<>();
        Stream.of("tenant", "name", "kind", "files", "keystore", "ssh", "verify", "reloadCommand")
                .forEach(field -> fields.put(field, field));
        Stream.of("certificatePath", "chainPath", "fullChainPath", "keyPath", "fileMode", "keyMode", "owner", "group")
                .forEach(field -> fields.put("files." + field, field));
        Stream.of("path", "format", "alias", "password").forEach(field -> fields.put("keystore." + field, "keystore" + capital(field)));
        Stream.of("host", "port", "user", "privateKey", "password", "hostKeyFingerprint")
                .forEach(field -> fields.put("ssh." + field, "ssh" + capital(field)));
        Stream.of("host", "port", "serverName").forEach(field -> fields.put("verify." + field, "verify" + capital(field)));
        return Map.copyOf(fields);
    }

    private static String capital(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    private static Integer port(String text) {
        if (given(text) == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean anyGiven(String... values) {
        return Stream.of(values).anyMatch(value -> value != null && !value.isEmpty());
    }

    /** Blank is "not given"; paths, names and modes are taken as typed otherwise, so the service's checks see them. */
    private static String given(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A secret is taken exactly as typed (spaces are part of a password); empty is "not given", which keeps the stored one. */
    private static String secret(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return "TargetForm[name=" + name + ", kind=" + kind + ", secrets not shown]";
    }
}

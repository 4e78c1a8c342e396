package io.certflow.deployment;

import java.util.function.Function;

/** The four files a PEM_FILES target may name, with the field an operator knows each by. */
enum PemPart {
    CERTIFICATE("files.certificatePath", PemFiles::certificatePath, DeployedMaterial::certificatePem),
    CHAIN("files.chainPath", PemFiles::chainPath, DeployedMaterial::chainPem),
    FULL_CHAIN("files.fullChainPath", PemFiles::fullChainPath, DeployedMaterial::fullChainPem),
    KEY("files.keyPath", PemFiles::keyPath, DeployedMaterial::privateKeyPem);

    private final String field;
    private final Function<PemFiles, String> path;
    private final Function<DeployedMaterial, String> content;

    PemPart(String field, Function<PemFiles, String> path, Function<DeployedMaterial, String> content) {
        this.field = field;
        this.path = path;
        this.content = content;
    }

    String field() {
        return field;
    }

    /** The path the target names for this part; null when it leaves the part out. */
    String pathIn(PemFiles files) {
        return path.apply(files);
    }

    String contentOf(DeployedMaterial material) {
        return content.apply(material);
    }

    /** The mode the target asks for this part; a stored target always has both, the defaults guard older rows. */
    String modeIn(PemFiles files) {
        if (this == KEY) {
            return files.keyMode() == null ? DeploymentTargetService.DEFAULT_KEY_MODE : files.keyMode();
        }
        return files.fileMode() == null ? DeploymentTargetService.DEFAULT_FILE_MODE : files.fileMode();
    }
}

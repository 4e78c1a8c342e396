package io.certflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.certflow.deployment.DeploymentTargetService.TargetSettings;

class TargetFormTest {

    private static TargetForm keystore(String password, String verifyPort) {
        return new TargetForm("", "web", "KEYSTORE", "", "", "", "", "", "", "", "", "/srv/web.p12", "", "", password, "", "", "",
                null, null, "", "", verifyPort, "", "");
    }

    @Test
    void groupsLeftBlankAreLeftOutOfTheRequestAsAJsonBodyLeavesThemOut() {
        TargetSettings settings = keystore("secret-password", "").settings();

        assertThat(settings.files()).isNull();
        assertThat(settings.ssh()).isNull();
        assertThat(settings.verify()).isNull();
        assertThat(settings.tenant()).isNull();
        assertThat(settings.reloadCommand()).isNull();
        assertThat(settings.keystore().path()).isEqualTo("/srv/web.p12");
        assertThat(settings.keystore().format()).as("the default, chosen by the service").isNull();
    }

    @Test
    void aBlankSecretIsNotGivenSoAnEditKeepsTheStoredOneAndATypedOneIsTakenExactly() {
        assertThat(keystore("", "").settings().keystore().password()).isNull();
        assertThat(keystore(" spaced secret ", "").settings().keystore().password()).isEqualTo(" spaced secret ");
    }

    @Test
    void aPortThatIsNoNumberGoesOnOutOfRangeSoTheServiceRefusesItAtItsField() {
        assertThat(keystore("secret-password", "https").settings().verify().port()).isEqualTo(-1);
        assertThat(keystore("secret-password", " 8443 ").settings().verify().port()).isEqualTo(8443);
    }

    @Test
    void eachProblemOfTheServiceIsShownAtTheFormFieldItNames() {
        assertThat(TargetForm.byField(List.of(
                "files.keyMode: a private key is never readable or writable by others; the last digit must be 0",
                "keystore.password: must be 8 to 128 characters long",
                "ssh.privateKey or ssh.password: required",
                "verify.port: a number from 1 to 65535",
                "keystore: only a KEYSTORE target has a keystore",
                "A deployment target named 'web' exists already")))
                .containsOnlyKeys("keyMode", "keystorePassword", "sshPrivateKey", "verifyPort", "keystore", FieldProblems.GENERAL);
    }

    @Test
    void aRefusedFormIsShownAgainWithoutItsSecrets() {
        TargetForm form = new TargetForm("", "web", "SSH", "", "", "/srv/full.pem", "", "", "", "", "", "", "", "", "ks-password",
                "host", "22", "deploy", "-----BEGIN OPENSSH PRIVATE KEY-----", "ssh-password", "SHA256:x", "", "", "", "");

        TargetForm shown = form.withoutSecrets();

        assertThat(shown.keystorePassword()).isNull();
        assertThat(shown.sshPrivateKey()).isNull();
        assertThat(shown.sshPassword()).isNull();
        assertThat(shown.fullChainPath()).isEqualTo("/srv/full.pem");
        assertThat(form.toString()).doesNotContain("ks-password", "ssh-password", "PRIVATE KEY");
    }
}

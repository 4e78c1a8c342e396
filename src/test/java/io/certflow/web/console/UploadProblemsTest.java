package io.certflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the upload form shows each problem of the checks, which see its three parts as one bundle. */
class UploadProblemsTest {

    private final UploadProblems bundle = new UploadProblems()
            .add("certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
            .add("chain", "")
            .add("privateKey", "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n");

    @Test
    void aProblemOnALineIsShownAtThePartHoldingItWithTheLineCountedWithinThatPart() {
        assertThat(bundle.bundle().lines()).hasSize(6);
        assertThat(bundle.atField("PEM block 2 (PRIVATE KEY, line 4) is truncated: its -----END line is missing"))
                .isEqualTo("privateKey: PEM block 2 (PRIVATE KEY, line 1) is truncated: its -----END line is missing");
        assertThat(bundle.atField("line 3 holds -----END CERTIFICATE----- without a -----BEGIN line before it"))
                .isEqualTo("certificate: line 3 holds -----END CERTIFICATE----- without a -----BEGIN line before it");
    }

    @Test
    void aProblemInWordsIsShownAtThePartItNames() {
        assertThat(bundle.atField("the private key does not belong to the leaf certificate CN=a")).startsWith("privateKey: ");
        assertThat(bundle.atField("the passphrase for the encrypted private key in the upload is wrong")).startsWith("password: ");
        assertThat(bundle.atField("the chain is incomplete: the issuer of the leaf certificate CN=a is missing")).startsWith("chain: ");
        assertThat(bundle.atField("the leaf certificate CN=a names no DNS name: none")).startsWith("certificate: ");
        assertThat(bundle.atField("the upload is empty")).isEqualTo("the upload is empty");
    }
}

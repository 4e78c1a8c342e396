package io.certflow.issuer.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcmeDirectoryTest {

    private static final String RESOURCES = "\"newNonce\":\"https://ca.example/nonce\",\"newAccount\":\"https://ca.example/account\","
            + "\"newOrder\":\"https://ca.example/order\"";

    @Test
    void aDirectoryGivesItsTermsCaaIdentityAndWhetherItNeedsExternalAccountBinding() throws Exception {
        AcmeDirectory directory = parse("{" + RESOURCES + ",\"meta\":{\"termsOfService\":\"https://ca.example/terms\","
                + "\"caaIdentities\":[\"CA.Example\"],\"externalAccountRequired\":true}}", false);

        assertThat(directory).isEqualTo(new AcmeDirectory("https://ca.example/terms", "ca.example", true, List.of()));
    }

    @Test
    void aDirectoryWithoutMetaIsADirectory() throws Exception {
        assertThat(parse("{" + RESOURCES + "}", false)).isEqualTo(new AcmeDirectory(null, null, false, List.of()));
    }

    @Test
    void theProfilesAreTheNamesOfMetaProfilesInTheCasOrderLeavingOutNamesNoTemplateCouldHold() throws Exception {
        AcmeDirectory directory = parse("{" + RESOURCES + ",\"meta\":{\"profiles\":{\"tlsserver\":\"https://ca.example/tls\","
                + "\"shortlived\":\"six days\",\"has space\":\"x\",\"\":\"empty\"}}}", false);

        assertThat(directory.profiles()).containsExactly("tlsserver", "shortlived");
    }

    @Test
    void profilesThatAreNotAnObjectAreNone() throws Exception {
        assertThat(parse("{" + RESOURCES + ",\"meta\":{\"profiles\":[\"shortlived\"]}}", false).profiles()).isEmpty();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "{} | no newNonce, newAccount and newOrder URLs",
            "{\"newNonce\":\"https://ca.example/n\",\"newAccount\":\"https://ca.example/a\"} | no newNonce, newAccount and newOrder URLs",
            "{\"newNonce\":\"/n\",\"newAccount\":\"/a\",\"newOrder\":\"/o\"} | no newNonce, newAccount and newOrder URLs",
            "{\"newNonce\":1,\"newAccount\":[],\"newOrder\":{}} | no newNonce, newAccount and newOrder URLs",
            "{\"newNonce\":\"http://ca.example/n\",\"newAccount\":\"http://ca.example/a\",\"newOrder\":\"http://ca.example/o\"} | no newNonce, newAccount and newOrder URLs",
            "[\"secret\"] | not a JSON object",
            "\"secret\" | not a JSON object",
            "null | not a JSON object",
            "'' | not valid JSON",
            "{\"newNonce\": secret | not valid JSON",
            "<html>secret</html> | not valid JSON"})
    void anythingElseIsNotADirectory(String body, String reason) {
        assertThatThrownBy(() -> parse(body, false)).isInstanceOf(AcmeDirectory.NotADirectory.class)
                .hasMessage(reason).matches(e -> ((AcmeDirectory.NotADirectory) e).aboutTheShape());
    }

    @Test
    void aDirectoryFollowedByMoreJsonIsNotADirectory() {
        assertThatThrownBy(() -> parse("{" + RESOURCES + "} {\"more\":1}", false)).hasMessage("not valid JSON");
    }

    @Test
    void httpResourceUrlsAreAcceptedOnlyWhereHttpIsAllowed() throws Exception {
        String http = "{\"newNonce\":\"http://ca.test/n\",\"newAccount\":\"http://ca.test/a\",\"newOrder\":\"http://ca.test/o\"}";

        assertThat(parse(http, true).termsOfService()).isNull();
    }

    @Test
    void termsMayBeADataUrlAsPebbleGivesThem() throws Exception {
        String terms = "data:text/plain,Do%20what%20thou%20wilt";

        assertThat(parse("{" + RESOURCES + ",\"meta\":{\"termsOfService\":\"" + terms + "\"}}", false).termsOfService()).isEqualTo(terms);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"\"ftp://ca.example/terms\"", "\"/terms\"", "\"javascript:alert(1)\"", "\"https://ca.example/a b\"",
            "42", "[\"https://ca.example/terms\"]"})
    void termsThatAreNotAUrlAreRefusedWithoutQuotingThem(String terms) {
        assertThatThrownBy(() -> parse("{" + RESOURCES + ",\"meta\":{\"termsOfService\":" + terms + "}}", false))
                .isInstanceOf(AcmeDirectory.NotADirectory.class)
                .hasMessage("the directory's meta.termsOfService is not an https, http or data URL of at most 500 characters")
                .matches(e -> !((AcmeDirectory.NotADirectory) e).aboutTheShape());
    }

    @Test
    void termsLongerThanTheirColumnAreRefused() {
        String terms = "https://ca.example/" + "t".repeat(500);

        assertThatThrownBy(() -> parse("{" + RESOURCES + ",\"meta\":{\"termsOfService\":\"" + terms + "\"}}", false))
                .hasMessageContaining("at most 500 characters");
    }

    @Test
    void caaIdentitiesThatAreNotDomainNamesAreSkipped() throws Exception {
        AcmeDirectory directory = parse("{" + RESOURCES + ",\"meta\":{\"caaIdentities\":[42,\"not a name\",\"" + "x".repeat(300)
                + "\",\"*.ca.example\",\"192.0.2.1\",\"ca.example.\"]}}", false);

        assertThat(directory.caaIdentity()).isEqualTo("ca.example");
    }

    @Test
    void noValidCaaIdentityIsNone() throws Exception {
        assertThat(parse("{" + RESOURCES + ",\"meta\":{\"caaIdentities\":\"ca.example\"}}", false).caaIdentity()).isNull();
    }

    private static AcmeDirectory parse(String json, boolean allowHttp) throws AcmeDirectory.NotADirectory {
        return AcmeDirectory.parse(json.getBytes(StandardCharsets.UTF_8), allowHttp);
    }
}

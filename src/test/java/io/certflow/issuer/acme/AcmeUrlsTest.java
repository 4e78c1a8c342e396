package io.certflow.issuer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AcmeUrlsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://acme-v02.api.letsencrypt.org/directory", "https://127.0.0.1:14000/dir",
            "https://[::1]:8443/acme/directory", "HTTPS://ca.example/dir?tenant=1"})
    void anAbsoluteHttpsUrlWithAHostIsAnAcmeUrl(String url) {
        assertThat(AcmeUrls.problemWith(url, false)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://ca.example/dir | must be an https URL (RFC 8555 §6.1); http is accepted only where certflow.acme.allow-http-directories is set",
            "ftp://ca.example/dir | must be an https URL",
            "file:///etc/passwd | must be an https URL",
            "/dir | must be an absolute https URL",
            "ca.example/dir | must be an absolute https URL",
            "https:///dir | must name a host",
            "https://user:password@ca.example/dir | must not carry a user name or password",
            "https://ca.example/dir#x | must not have a fragment",
            "https://ca.example/a b | not a URL",
            "'   ' | the URL of the CA's ACME directory is required"})
    void anythingElseIsRefusedInWordsThatDoNotRepeatIt(String url, String expected) {
        String problem = AcmeUrls.problemWith(url, false);

        assertThat(problem).startsWith(expected);
        assertThat(problem).doesNotContain("password@").doesNotContain("passwd");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {501, 600, 100_000})
    void aUrlLongerThanItsColumnIsRefusedBeforeItIsParsed(int length) {
        String url = "https://ca.example/" + "a".repeat(length - 19);

        assertThat(AcmeUrls.problemWith(url, false)).isEqualTo("at most 500 characters");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:14000/dir", "http://pebble:14000/dir"})
    void httpIsAnAcmeUrlOnlyWhereTheOperatorAllowsIt(String url) {
        assertThat(AcmeUrls.problemWith(url, true)).isNull();
        assertThat(AcmeUrls.problemWith(url, false)).startsWith("must be an https URL");
    }
}

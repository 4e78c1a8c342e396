package io.certflow.validation.caa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certflow.validation.caa.CaaPolicy.Entry;

class CaaPolicyTest {

    private static final String IDENTITY = "letsencrypt.org";

    /** Records as "flags tag value" separated by "|"; empty means an empty set. */
    private static List<Entry> set(String records) {
        if (records == null || records.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(records.split("\\|")).map(String::trim).map(record -> {
            String[] parts = record.split(" ", 3);
            return new Entry(Integer.parseInt(parts[0]), parts[1], parts.length > 2 ? parts[2] : "");
        }).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ~ ", textBlock = """
            an issue record naming the issuer permits it ~ 0 issue letsencrypt.org ~ false ~ true
            the identity is compared without regard to case ~ 0 issue LetsEncrypt.ORG ~ false ~ true
            parameters after the issuer domain do not matter ~ 0 issue letsencrypt.org; validationmethods=dns-01 ~ false ~ true
            an issue record naming another CA forbids it ~ 0 issue other-ca.example ~ false ~ false
            one of several issue records naming the issuer is enough ~ 0 issue other-ca.example | 0 issue letsencrypt.org ~ false ~ true
            an empty issuer domain forbids every CA ~ 0 issue ; ~ false ~ false
            a set with only iodef restricts nothing ~ 0 iodef mailto:security@example.test ~ false ~ true
            issuewild alone does not restrict non-wildcard names ~ 0 issuewild other-ca.example ~ false ~ true
            issuewild governs wildcard names when present ~ 0 issue letsencrypt.org | 0 issuewild other-ca.example ~ true ~ false
            issuewild naming the issuer permits wildcards ~ 0 issue other-ca.example | 0 issuewild letsencrypt.org ~ true ~ true
            without issuewild the issue records govern wildcards too ~ 0 issue other-ca.example ~ true ~ false
            an unknown critical property forbids issuance ~ 128 tbs unknown | 0 issue letsencrypt.org ~ false ~ false
            an unknown non-critical property is ignored ~ 0 tbs unknown | 0 issue letsencrypt.org ~ false ~ true
            """)
    void decidesLikeRfc8659(String rule, String records, boolean wildcard, boolean permitted) {
        CaaPolicy.Verdict verdict = CaaPolicy.evaluate(set(records), IDENTITY, wildcard);

        assertThat(verdict.permitted()).as(rule).isEqualTo(permitted);
        if (!permitted) {
            assertThat(verdict.reason()).as("a refusal says why").isNotBlank();
        }
    }

    @org.junit.jupiter.api.Test
    void aRefusalNamesTheRecordsThatGovern() {
        CaaPolicy.Verdict verdict = CaaPolicy.evaluate(set("0 issue other-ca.example"), IDENTITY, false);

        assertThat(verdict.reason()).contains("0 issue \"other-ca.example\"");
    }
}

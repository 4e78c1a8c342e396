package io.certflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonProblemsTest {

    record Binding(String keyId, String hmacKey) {
    }

    record Body(String tsigSecret, Integer validityDays, Boolean enabled, List<String> domains, Map<String, String> methods,
                java.util.UUID certificateId, Binding binding) {
    }

    private final ObjectMapper mapper = StrictJsonTest.strictMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"tsigSecret": c2VjcmV0LXZhbHVlLW9mLTMyLWJ5dGVz}          | the body is not valid JSON (line 1, column 48)
            {"binding": {"hmacKey": c2VjcmV0LXZhbHVl}}                 | the body is not valid JSON (line 1, column 41)
            {"tsigSecret": "c2VjcmV0LXZhbHVlLW9mLTMyLWJ5dGVz"          | the JSON body ends before it is complete (line 1, column 50)
            {"validityDays": "30"}                                     | validityDays: must be a whole number (at most 2147483647) (line 1, column 18)
            {"validityDays": 30.9}                                     | validityDays: must be a whole number (at most 2147483647) (line 1, column 18)
            {"enabled": 1}                                             | enabled: must be true or false (line 1, column 13)
            {"domains": [1]}                                           | domains[0]: must be text (a JSON string) (line 1, column 14)
            {"domains": "a.example.test"}                              | domains: must be a list (a JSON array) (line 1, column 13)
            {"methods": {"a.example.test": 1}}                         | methods.a.example.test: must be text (a JSON string) (line 1, column 32)
            {"certificateId": "not-a-uuid"}                            | certificateId: must be an identifier (a UUID like 123e4567-e89b-12d3-a456-426614174000) (line 1, column 19)
            {"binding": {"keyId": 7}}                                  | binding.keyId: must be text (a JSON string) (line 1, column 23)
            {"binding": {"colour": "red"}}                             | Unknown field 'binding.colour' (line 1, column 30); the fields here are [hmacKey, keyId]
            [1, 2]                                                     | the request body must be an object with named fields (a JSON object) (line 1, column 1)
            {"tsigSecret": "a", "tsigSecret": "b"}                     | the field 'tsigSecret' appears twice (line 1, column 33)
            {"enabled": true} {"enabled": false}                       | the JSON value is followed by more content (line 1, column 19); send exactly one JSON object
            {"enabled": true} garbage-secret                           | the body is not valid JSON (line 1, column 26)
            """)
    void saysWhatIsWrongWhereInWordsWithoutQuotingTheBody(String json, String expected) {
        String detail = JsonProblems.describe(unreadable(json));

        assertThat(detail).isEqualTo(expected.strip());
        assertThat(detail).doesNotContainPattern("c2VjcmV0|garbage|java\\.|jackson|Exception|`");
    }

    @Test
    void aMissingBodyAsksForOneInsteadOfNamingTheControllerMethod() {
        HttpMessageNotReadableException missing = new HttpMessageNotReadableException(
                "Required request body is missing: public ResponseEntity io.certflow.web.CertificateController.request(Caller, Body)",
                new MockHttpInputMessage(new byte[0]));

        assertThat(JsonProblems.describe(missing)).isEqualTo("a JSON object is required as the request body");
    }

    @Test
    void aNumberBeyondTheReadersLimitsIsSaidToBeSoWithoutNamingTheLimitsClass() {
        String longNumber = "{\"validityDays\": " + "9".repeat(1001) + "}";

        assertThat(JsonProblems.describe(unreadable(longNumber))).startsWith("the body exceeds a limit of the JSON reader")
                .doesNotContain("StreamReadConstraints");
    }

    private HttpMessageNotReadableException unreadable(String json) {
        try {
            mapper.readValue(json, Body.class);
        } catch (JacksonException e) {
            return new HttpMessageNotReadableException("JSON parse error: " + e.getMessage(), e,
                    new MockHttpInputMessage(json.getBytes()));
        }
        return fail("read without error: " + json);
    }
}

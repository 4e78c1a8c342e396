package io.certflow.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.certflow.certificate.ValidationMethod;

class ValidationPlanTest {

    private final List<String> problems = new ArrayList<>();

    private Map<String, ValidationMethod> plan(List<String> domains, ValidationMethod fallback, Map<String, String> overrides) {
        return ValidationPlan.of(domains, fallback, overrides, (text, found) -> ValidationMethod.valueOf(text), problems);
    }

    @Test
    void everyNameGetsTheRequestsMethodUnlessItNamesItsOwn() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("*.Example.TEST.", "DNS_01");

        Map<String, ValidationMethod> plan = plan(List.of("www.example.test", "*.example.test"), ValidationMethod.HTTP_01, overrides);

        assertThat(problems).isEmpty();
        assertThat(plan).containsExactly(Map.entry("www.example.test", ValidationMethod.HTTP_01),
                Map.entry("*.example.test", ValidationMethod.DNS_01));
    }

    @Test
    void aWildcardLeftOnHttp01IsRefusedWithTheWayOut() {
        plan(List.of("*.example.test"), ValidationMethod.HTTP_01, null);

        assertThat(problems).singleElement().asString()
                .contains("'*.example.test' is a wildcard", "dns-01, not http-01", "\"validationMethods\": {\"*.example.test\": \"DNS_01\"}");
    }

    @Test
    void aMethodForANameThatIsNotRequestedIsRefused() {
        plan(List.of("www.example.test"), ValidationMethod.HTTP_01, Map.of("mail.example.test", "DNS_01"));

        assertThat(problems).containsExactly("validationMethods: 'mail.example.test' is not one of the requested domains");
    }

    @Test
    void aMalformedNameAmongTheMethodsIsRefused() {
        plan(List.of("www.example.test"), ValidationMethod.HTTP_01, Map.of("not a name", "DNS_01"));

        assertThat(problems).singleElement().asString().startsWith("validationMethods: ");
    }
}

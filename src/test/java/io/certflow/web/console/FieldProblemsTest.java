package io.certflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FieldProblemsTest {

    private static final Set<String> FIELDS = Set.of("domains", "hosts", "dataSource");

    @Test
    void aProblemIsShownAtTheFieldItNamesWithOrWithoutAnIndexOrAProperty() {
        Map<String, List<String>> byField = FieldProblems.byField(List.of(
                "domains: at least one name", "hosts[1]: not a host name", "dataSource.url: not a JDBC URL"), FIELDS);

        assertThat(byField.get("domains")).containsExactly("domains: at least one name");
        assertThat(byField.get("hosts")).containsExactly("hosts[1]: not a host name");
        assertThat(byField.get("dataSource")).containsExactly("dataSource.url: not a JDBC URL");
    }

    @Test
    void aProblemThatNamesNoFieldOfTheFormGoesAboveIt() {
        Map<String, List<String>> byField = FieldProblems.byField(List.of(
                "issuer: no such issuer", "the CA refused the request: rate limited", "no colon at all"), FIELDS);

        assertThat(byField.keySet()).containsExactly(FieldProblems.GENERAL);
        assertThat(byField.get(FieldProblems.GENERAL)).hasSize(3);
    }
}

package io.certflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ShownDomainsTest {

    private static final UUID ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    @Test
    void namesThatFitAreShownAllInOneLine() {
        assertThat(CamundaIssuanceWorkflow.shownDomains(ID, List.of("a.example.test", "b.example.test")))
                .isEqualTo("a.example.test, b.example.test");
    }

    @Test
    void aHundredLongNamesAreShortenedToWhatTheEngineStoresAndSayWhereTheRestIs() {
        List<String> names = IntStream.range(0, 100).mapToObj(i -> String.format("n%03d-", i) + "a".repeat(180) + ".test").toList();

        String shown = CamundaIssuanceWorkflow.shownDomains(ID, names);

        assertThat(shown).hasSizeLessThanOrEqualTo(CamundaIssuanceWorkflow.MAX_VARIABLE_TEXT)
                .startsWith(names.get(0) + ", " + names.get(1))
                .endsWith(" more: GET /api/certificates/" + ID + " lists them all");
        long listed = names.stream().filter(shown::contains).count();
        assertThat(shown).contains(" and " + (100 - listed) + " more");
    }
}

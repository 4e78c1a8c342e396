package io.certflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;

class StrictJsonTest {

    record Body(String name, Integer validityDays, Boolean enabled, List<String> domains, Map<String, String> methods, UUID id,
                Instant expiresBefore) {
    }

    static ObjectMapper strictMapper() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new StrictJson().strictJsonReading().customize(builder);
        return builder.build();
    }

    private final ObjectMapper mapper = strictMapper();

    @Test
    void readsABodyWrittenAsTheApiDescribesIt() throws Exception {
        Body body = mapper.readValue("""
                {"name": "web", "validityDays": 30, "enabled": true, "domains": ["a.example.test"],
                 "methods": {"a.example.test": "DNS_01"}, "id": "123e4567-e89b-12d3-a456-426614174000",
                 "expiresBefore": "2030-01-31T12:00:00Z"}
                """, Body.class);

        assertThat(body).isEqualTo(new Body("web", 30, true, List.of("a.example.test"), Map.of("a.example.test", "DNS_01"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Instant.parse("2030-01-31T12:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"validityDays\": \"30\"}",
            "{\"validityDays\": 30.9}",
            "{\"validityDays\": 30.0}",
            "{\"validityDays\": \"\"}",
            "{\"validityDays\": true}",
            "{\"enabled\": 1}",
            "{\"enabled\": 0.0}",
            "{\"enabled\": \"true\"}",
            "{\"name\": 123}",
            "{\"name\": 1.5}",
            "{\"name\": true}",
            "{\"domains\": \"a.example.test\"}",
            "{\"domains\": [1]}",
            "{\"methods\": {\"a.example.test\": 1}}",
            "{\"name\": \"web\"} garbage",
            "{\"name\": \"web\"} {\"name\": \"other\"}",
            "{\"name\": \"web\", \"name\": \"other\"}",
            "{\"colour\": \"red\"}",
    })
    void refusesWhatALenientReaderWouldHaveGuessedAt(String json) {
        assertThatThrownBy(() -> mapper.readValue(json, Body.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void refusesABodyLargerThanSixteenMebibytesWhileReadingIt() {
        String huge = "{\"name\": \"" + "n".repeat(Limits.JSON_BODY) + "\"}";

        assertThatThrownBy(() -> mapper.readValue(huge, Body.class)).isInstanceOf(StreamConstraintsException.class);
    }
}

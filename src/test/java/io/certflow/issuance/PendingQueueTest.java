package io.certflow.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PendingQueueTest {

    static Stream<Arguments> ages() {
        return Stream.of(
                arguments(named("a request just made", Duration.ZERO), Duration.ofMinutes(5)),
                arguments(named("a request one minute old", Duration.ofMinutes(1)), Duration.ofMinutes(5)),
                arguments(named("a request 23 h 59 min old", Duration.ofHours(23).plusMinutes(59)), Duration.ofMinutes(5)),
                arguments(named("a request exactly one day old", Duration.ofDays(1)), Duration.ofHours(1)),
                arguments(named("a request 47 h 59 min old", Duration.ofHours(47).plusMinutes(59)), Duration.ofHours(1)),
                arguments(named("a request exactly two days old", Duration.ofDays(2)), Duration.ofDays(1)),
                arguments(named("a request thirty days old", Duration.ofDays(30)), Duration.ofDays(1)));
    }

    @ParameterizedTest(name = "{0} is polled again after {1}")
    @MethodSource("ages")
    void olderRequestsArePolledLessOften(Duration age, Duration expectedInterval) {
        assertThat(PendingQueue.pollInterval(age)).isEqualTo(expectedInterval);
    }
}

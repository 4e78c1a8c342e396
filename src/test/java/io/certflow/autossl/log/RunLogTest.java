package io.certflow.autossl.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/** What a run's steps append is what its log shows: every event, in order, each at the time it was appended. */
class RunLogTest {

    private static final Instant START = Instant.parse("2030-03-01T03:00:00Z");

    private NamedParameterJdbcTemplate jdbc;
    private RunLogStore store;
    private MutableClock clock;
    private RunLog log;
    private UUID runId;

    @BeforeEach
    void aRunningRun() {
        jdbc = InMemoryDatabase.migrated();
        store = new RunLogStore(jdbc);
        clock = new MutableClock(START);
        log = new RunLog(store, clock);
        runId = RunRows.insert(jdbc, "hosting", "RUNNING", START, null);
    }

    private List<RunLogEvent> events() {
        List<RunLogEvent> events = new ArrayList<>();
        store.forEachEvent(runId, events::add);
        return events;
    }

    @Test
    void eventsComeBackInTheOrderTheyWereAppendedEachWithTheTimeItWasAppended() {
        log.append(runId, "hosting", null, null, RunLogLevel.INFO, "run started: 2 accounts");
        clock.advance(Duration.ofSeconds(2));
        log.append(runId, "hosting", "alice", "mail.alice.test", RunLogLevel.WARN, "deferred: the http-01 probe got no answer");
        clock.advance(Duration.ofSeconds(1));
        log.append(runId, "hosting", "bob", "bob.test", RunLogLevel.ERROR, "the CA refused the order");

        assertThat(events()).extracting(RunLogEvent::at, RunLogEvent::account, RunLogEvent::name, RunLogEvent::level, RunLogEvent::message)
                .containsExactly(
                        tuple(START, null, null, RunLogLevel.INFO, "run started: 2 accounts"),
                        tuple(START.plusSeconds(2), "alice", "mail.alice.test", RunLogLevel.WARN,
                                "deferred: the http-01 probe got no answer"),
                        tuple(START.plusSeconds(3), "bob", "bob.test", RunLogLevel.ERROR,
                                "the CA refused the order"));
    }

    @Test
    void manyEventsAppendedInOneSecondStayInTheOrderTheyWereAppended() {
        for (int i = 0; i < 50; i++) {
            log.append(runId, "hosting", "account-" + i, null, RunLogLevel.INFO, "checked " + i);
        }

        assertThat(events()).extracting(RunLogEvent::message).containsExactlyElementsOf(
                IntStream.range(0, 50).mapToObj(i -> "checked " + i).toList());
    }

    @Test
    void aMessageLongerThan2000CharactersIsCutTo2000AndTheEventIsStillStored() {
        log.append(runId, "hosting", "alice", "alice.test", RunLogLevel.ERROR, "x".repeat(5000));

        assertThat(events()).singleElement().extracting(RunLogEvent::message).isEqualTo("x".repeat(2000));
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlaneInTwo() {
        String message = "y".repeat(1999) + "\uD83D\uDD12 locked";

        log.append(runId, "hosting", "alice", null, RunLogLevel.INFO, message);

        assertThat(events()).singleElement().extracting(RunLogEvent::message).isEqualTo("y".repeat(1999));
    }

    @Test
    void anEventWithoutAMessageIsStoredWithAnEmptyOne() {
        log.append(runId, "hosting", "alice", null, RunLogLevel.INFO, null);

        assertThat(events()).singleElement().extracting(RunLogEvent::message).isEqualTo("");
    }
}

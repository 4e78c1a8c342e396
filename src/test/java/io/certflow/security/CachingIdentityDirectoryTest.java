package io.certflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.certflow.testing.MutableClock;

class CachingIdentityDirectoryTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicBoolean locked = new AtomicBoolean();
    private final Caller alice = new Caller("alice", false, List.of("t1"));
    /** The engine: refuses a locked user even with the right password, as DbIdentityServiceProvider does. */
    private final IdentityDirectory engine = new IdentityDirectory() {
        @Override
        public Optional<Caller> authenticate(String user, String password) {
            checks.incrementAndGet();
            return !locked.get() && user.equals("alice") && password.equals("right") ? Optional.of(alice) : Optional.empty();
        }

        @Override
        public boolean lockedOut(String user) {
            return locked.get();
        }

        @Override
        public Optional<Caller> current(String user) {
            return locked.get() ? Optional.empty() : Optional.of(alice);
        }
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final CachingIdentityDirectory directory = new CachingIdentityDirectory(engine, Duration.ofSeconds(30), clock);

    @Test
    void aSuccessfulLoginIsRememberedUntilItsTimeIsUp() {
        assertThat(directory.authenticate("alice", "right")).contains(alice);
        assertThat(directory.authenticate("alice", "right")).contains(alice);
        assertThat(checks).hasValue(1);

        clock.advance(Duration.ofSeconds(31));
        assertThat(directory.authenticate("alice", "right")).contains(alice);
        assertThat(checks).hasValue(2);
    }

    @Test
    void aWrongPasswordIsNeverCachedAndNeverMatchesARememberedLogin() {
        directory.authenticate("alice", "right");
        assertThat(directory.authenticate("alice", "wrong")).isEmpty();
        assertThat(directory.authenticate("alice", "wrong")).isEmpty();
        assertThat(checks).as("every wrong password reaches the engine and its lock-out").hasValue(3);
    }

    @Test
    void aRememberedLoginIsRefusedAsSoonAsTheEngineLocksTheUserOut() {
        assertThat(directory.authenticate("alice", "right")).contains(alice);

        // Someone else sent wrong passwords for alice, here or at the engine REST API, and the engine locked her.
        locked.set(true);
        assertThat(directory.authenticate("alice", "right")).as("the remembered login must not outlive the lock").isEmpty();

        locked.set(false);
        assertThat(directory.authenticate("alice", "right")).as("once the lock ends").contains(alice);
        assertThat(checks).as("the login after the lock was checked by the engine again, not remembered").hasValue(2);
    }

    @Test
    void aWrongPasswordForgetsTheRememberedLogin() {
        directory.authenticate("alice", "right");
        directory.authenticate("alice", "wrong");

        assertThat(directory.authenticate("alice", "right")).contains(alice);
        assertThat(checks).as("the right password after a wrong one goes to the engine again").hasValue(3);
    }
}

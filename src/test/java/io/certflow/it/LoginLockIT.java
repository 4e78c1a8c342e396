package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Date;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.TenantUsers;

/**
 * Wrong passwords lock a user only for a while, however many there are, and a remembered login
 * does not outlive a lock. The lock delays are shortened here (the count of attempts that once
 * locked for good is application.yml's, as in production); the delays are restored afterwards.
 */
class LoginLockIT extends CertflowIT {

    /** The engine's default loginMaxAttempts: the tenth wrong password used to lock the user for good. */
    private static final int OLD_PERMANENT_THRESHOLD = 10;

    @Autowired
    IdentityService identityService;
    @Autowired
    ProcessEngineConfigurationImpl engine;

    private int base;
    private int factor;
    private int max;

    @BeforeAll
    void shortDelays() {
        base = engine.getLoginDelayBase();
        factor = engine.getLoginDelayFactor();
        max = engine.getLoginDelayMaxTime();
        lockFor(1);
    }

    @AfterAll
    void productionDelays() {
        engine.setLoginDelayBase(base);
        engine.setLoginDelayFactor(factor);
        engine.setLoginDelayMaxTime(max);
    }

    @Test
    void wrongPasswordsPastTheOldPermanentThresholdLockOnlyUntilTheLockEnds() {
        ApiClient lena = TenantUsers.memberOf(identityService, baseUrl(), "locktenant", "lena", "lena-password-1");
        ApiClient attacker = new ApiClient(baseUrl(), "lena", "guess");

        for (int attempt = 1; attempt <= OLD_PERMANENT_THRESHOLD + 2; attempt++) {
            awaitUnlocked("lena");
            assertThat(attacker.get("/api/certificates").status()).as("wrong password " + attempt).isEqualTo(401);
        }
        assertThat(user("lena").getAttempts()).as("wrong passwords counted").isGreaterThan(OLD_PERMANENT_THRESHOLD);

        await("the right password once the last lock ended").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> lena.get("/api/certificates").status() == 200);
        assertThat(lena.get("/engine-rest/process-instance").status()).as("on the engine REST API too").isEqualTo(200);
        assertThat(user("lena").getAttempts()).as("a right password starts the count again").isZero();
    }

    @Test
    void aRememberedLoginIsRefusedRightAfterALockAndAcceptedOnceItEnds() {
        ApiClient luke = TenantUsers.memberOf(identityService, baseUrl(), "locktenant", "luke", "luke-password-1");
        awaitUnlocked("luke");
        assertThat(luke.get("/api/certificates").status()).as("remembered for the next requests").isEqualTo(200);
        lockFor(5);
        try {
            // The wrong password arrives elsewhere: the engine REST API shares the engine's lock, not Certflow's memory.
            assertThat(new ApiClient(baseUrl(), "luke", "guess").get("/engine-rest/process-instance").status()).isEqualTo(401);

            assertThat(luke.get("/api/certificates").status()).as("right password, remembered, but the user is locked")
                    .isEqualTo(401);
            await("the right password once the lock ended").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> luke.get("/api/certificates").status() == 200);
        } finally {
            lockFor(1);
        }
    }

    private void lockFor(int seconds) {
        engine.setLoginDelayBase(seconds);
        engine.setLoginDelayFactor(1);
        engine.setLoginDelayMaxTime(seconds);
    }

    private void awaitUnlocked(String userId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Date until = user(userId).getLockExpirationTime();
            return until == null || until.before(new Date());
        });
    }

    private UserEntity user(String userId) {
        return (UserEntity) identityService.createUserQuery().userId(userId).singleResult();
    }
}

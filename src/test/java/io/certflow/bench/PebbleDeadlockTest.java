package io.certflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark starts a run again only when Pebble's goroutine dump shows its own deadlock; a stall with Pebble idle
 * is Certflow's and must end the benchmark. The excerpts are cut from dumps of real runs (2026-11-23).
 */
class PebbleDeadlockTest {

    private static final String LOG = "Pebble 2026/11/23 22:10:51 Starting Pebble ACME server\nSIGQUIT: quit\nPC=0x473a21 m=0 sigcode=0\n\n";

    private static final String NEW_ORDER_WAITING_IN_FIND_VALID_AUTHORIZATION = """
            goroutine 4121 [semacquire, 2 minutes]:
            sync.runtime_SemacquireMutex(0xc0001a2f8c?, 0x0?, 0x0?)
            \truntime/sema.go:77 +0x25
            sync.(*RWMutex).RLock(...)
            \tsync/rwmutex.go:71
            github.com/letsencrypt/pebble/db.(*MemoryStore).FindValidAuthorization(0xc0000a4480, {0xc00052c1e0, 0x10}, {{0x7b7a1e, 0x3}, {0xc000512300, 0x13}})
            \tgithub.com/letsencrypt/pebble/db/memorystore.go:268 +0x187
            github.com/letsencrypt/pebble/wfe.(*WebFrontEndImpl).makeAuthorizations(0xc0000b6000, 0xc000546000, 0xc0005e7b18?)
            \tgithub.com/letsencrypt/pebble/wfe/wfe.go:1503 +0x32d
            """;

    private static final String IDLE_PEBBLE = """
            goroutine 20 [chan receive, 2 minutes]:
            github.com/letsencrypt/pebble/va.VAImpl.processTasks({0xc000080230, 0x55c0, 0x8a6d, 0xc0000a4480})
            \tgithub.com/letsencrypt/pebble/va/va.go:170 +0x54

            goroutine 21 [IO wait, 2 minutes]:
            internal/poll.runtime_pollWait(0x7f2b1c1e6e28, 0x72)
            \truntime/netpoll.go:343 +0x85
            """;

    @Test
    void aNewOrderBlockedInFindValidAuthorizationIsPebblesDeadlock() {
        assertThat(IssuanceBenchmark.Stalls.deadlockedInFindValidAuthorization(LOG + IDLE_PEBBLE + "\n" + NEW_ORDER_WAITING_IN_FIND_VALID_AUTHORIZATION))
                .isTrue();
    }

    @Test
    void anIdlePebbleIsNotDeadlockedSoTheStallIsCertflows() {
        assertThat(IssuanceBenchmark.Stalls.deadlockedInFindValidAuthorization(LOG + IDLE_PEBBLE)).isFalse();
    }
}

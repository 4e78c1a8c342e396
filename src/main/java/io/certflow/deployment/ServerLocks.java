package io.certflow.deployment;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.certflow.error.TransientFault;

/**
 * Keeps the writes of deployments out of the reloads of the server they share. One server often
 * serves several targets (one nginx, many sites), and a write puts a target's files in place one
 * rename after another: for that moment the server's configuration holds the new certificate beside
 * the old key. A reload of the same server at that moment, by the deployment to another of its
 * targets, fails ({@code nginx -s reload} loads every site's files first) and would roll back a
 * deployment that had nothing wrong with it. So a write (or a restore) waits until the running
 * reloads of its server end, and the server's reloads wait for the write; reloads of one server run
 * together, and steps of different servers never wait for each other.
 * <p>
 * A server is known by the name of its reload command: the targets that name one command are those
 * it reloads. A target without a reload command takes no lock, since it reloads nothing. The locks
 * are this JVM's, which is where a local target's files are written; a wait is bounded, and a step
 * that waited too long fails as a transient fault, which the engine retries.
 */
@Component
public class ServerLocks {

    /** Held until closed. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final Held NOTHING = () -> {
    };

    private final ConcurrentMap<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Duration maxWait;

    /** Long enough for the reloads ahead to end, each of which is stopped after the reload timeout. */
    @Autowired
    public ServerLocks(DeploymentSettings settings) {
        this(settings.reloadTimeout().multipliedBy(2).plusSeconds(30));
    }

    ServerLocks(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** Taken while a target's files change: returns once no reload of its server runs. */
    public Held forWriting(String reloadCommand) {
        return hold(reloadCommand, ReentrantReadWriteLock::writeLock, "write the files of");
    }

    /** Taken while a reload command runs: returns once no write to its server is under way. */
    public Held forReloading(String reloadCommand) {
        return hold(reloadCommand, ReentrantReadWriteLock::readLock, "reload");
    }

    /** Whether a step waits for the server of this reload command (for tests). */
    boolean isWaitedFor(String reloadCommand) {
        ReentrantReadWriteLock lock = locks.get(reloadCommand);
        return lock != null && lock.hasQueuedThreads();
    }

    private Held hold(String reloadCommand, Function<ReentrantReadWriteLock, Lock> which, String doing) {
        if (reloadCommand == null) {
            return NOTHING;
        }
        // Fair: a write waiting for running reloads is not overtaken by the reloads that start after it.
        Lock lock = which.apply(locks.computeIfAbsent(reloadCommand, name -> new ReentrantReadWriteLock(true)));
        boolean held;
        try {
            held = lock.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFault("Interrupted while waiting to " + doing + " the server of reload command '" + reloadCommand
                    + "'", e);
        }
        if (!held) {
            throw new TransientFault("Waited " + maxWait.toSeconds() + " s to " + doing + " the server of reload command '"
                    + reloadCommand + "' while other deployments to it wrote files or reloaded it; trying again later", null);
        }
        return lock::unlock;
    }
}

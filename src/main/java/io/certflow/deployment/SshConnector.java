package io.certflow.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.certflow.crypto.KeyProtection;
import io.certflow.error.LibraryMessages;
import io.certflow.error.TransientFault;

/**
 * Logs in to an SSH target's host, after its host key was found to be the pinned one.
 * <p>
 * A server has a key of each type (Ed25519, ECDSA, RSA) and shows one per connection, the first of
 * the client's list it has, while the operator may have pinned any of them: when the server shows a
 * key of another type than the pinned one, Certflow connects again without that type, until the
 * pinned key is shown or the server has no other. No key is trusted on first use. Only when no key
 * the server has is the pinned one is the connection refused, with the fingerprints seen, as a
 * {@link io.certflow.error.BusinessFailure}: a person must decide whether the host was re-keyed or
 * replaced. A login the server refuses is one too; a host that cannot be reached or does not answer
 * in time is a {@link TransientFault}, which the engine retries.
 */
final class SshConnector {

    /** The host key algorithms JSch offers, plain keys only: a certificate would be a second, unpinned trust. */
    private static final List<String> HOST_KEY_ALGORITHMS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");

    private final KeyProtection protection;
    private final SshTimeouts timeouts;

    SshConnector(KeyProtection protection, SshTimeouts timeouts) {
        this.protection = protection;
        this.timeouts = timeouts;
    }

    SshTimeouts timeouts() {
        return timeouts;
    }

    /** A logged-in session to the target's host; the caller closes it. */
    SshConnection open(DeploymentTarget target) {
        SshLogin login = target.ssh();
        List<String> algorithms = new ArrayList<>(HOST_KEY_ALGORITHMS);
        Map<String, String> seen = new LinkedHashMap<>();
        while (!algorithms.isEmpty()) {
            PinnedHostKey pin = new PinnedHostKey(login.hostKeyFingerprint());
            JSch jsch = new JSch();
            Session session = null;
            try {
                session = session(jsch, target, pin, algorithms);
                session.connect(timeouts.connectMillis());
                return new SshConnection(session, login.origin(), timeouts);
            } catch (JSchException e) {
                if (session != null) {
                    session.disconnect();
                }
                if (pin.presented() != null && !pin.matched()) {
                    seen.put(pin.presentedType(), pin.presented());
                    String type = pin.presentedType();
                    if (!algorithms.removeIf(algorithm -> keyTypeOf(algorithm).equals(type))) {
                        break;
                    }
                    continue;
                }
                if (e instanceof JSchAlgoNegoFailException && !seen.isEmpty()) {
                    break;
                }
                if (pin.matched() && isLoginRefused(e)) {
                    throw AtomicFiles.refused("Deployment target '" + target.name() + "': the server " + login.origin()
                            + " refused the login with the stored " + (login.sealedPrivateKey() != null ? "private key" : "password")
                            + "; authorize the key for " + login.user() + " on that host, or give the target another secret");
                }
                throw new TransientFault("Cannot connect to " + login.origin() + " for deployment target '" + target.name() + "': "
                        + reason(e), e);
            } finally {
                forgetKey(jsch);
            }
        }
        throw AtomicFiles.refused("Deployment target '" + target.name() + "': the host key of " + login.origin()
                + " changed: the server presents " + seen.entrySet().stream().map(key -> key.getValue() + " (" + key.getKey() + ")")
                .collect(Collectors.joining(" and ")) + ", not the pinned " + login.hostKeyFingerprint()
                + "; nothing was read or written. If the host was re-keyed on purpose, check the new fingerprint on the host"
                + " (ssh-keygen -lf) and change the target's ssh.hostKeyFingerprint");
    }

    private Session session(JSch jsch, DeploymentTarget target, PinnedHostKey pin, List<String> algorithms) throws JSchException {
        SshLogin login = target.ssh();
        if (login.sealedPrivateKey() != null) {
            // JSch overwrites the key's bytes once it has parsed them.
            byte[] key = protection.decrypt(login.sealedPrivateKey(), SshLogin.PRIVATE_KEY_PURPOSE);
            try {
                jsch.addIdentity("deployment target " + target.id(), key, null, null);
            } catch (JSchException e) {
                throw AtomicFiles.refused("Deployment target '" + target.name() + "': its stored private key cannot be read"
                        + " any more; give the target its key again");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        Session session = jsch.getSession(login.user(), login.host(), login.port());
        session.setHostKeyRepository(pin);
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("server_host_key", String.join(",", algorithms));
        session.setConfig("prefer_known_host_key_types", "no");
        session.setConfig("PreferredAuthentications", login.sealedPrivateKey() != null ? "publickey" : "password,keyboard-interactive");
        if (login.sealedPassword() != null) {
            byte[] password = protection.decrypt(login.sealedPassword(), SshLogin.PASSWORD_PURPOSE);
            try {
                session.setPassword(password);
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        }
        session.setTimeout(timeouts.readMillis());
        return session;
    }

    /** The parsed key is needed only to log in, which is over once the session is connected or failed. */
    private static void forgetKey(JSch jsch) {
        try {
            jsch.removeAllIdentity();
        } catch (JSchException e) {
            // JSch declares it, but its own identity repository never throws.
        }
    }

    /** rsa-sha2-256 and rsa-sha2-512 sign with an ssh-rsa key; every other algorithm is named after its key type. */
    static String keyTypeOf(String algorithm) {
        return algorithm.startsWith("rsa-sha2-") ? "ssh-rsa" : algorithm;
    }

    private static boolean isLoginRefused(JSchException e) {
        String message = e.getMessage();
        // JSch says so only in words: "Auth fail for methods 'publickey'" (a partial success fails the same way).
        return message != null && (message.startsWith("Auth fail") || message.startsWith("Auth cancel"));
    }

    /** What went wrong in words: the innermost message, which is the network's (connection refused, timed out). */
    static String reason(Throwable e) {
        Throwable innermost = e;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return LibraryMessages.of(innermost);
    }
}

package io.certflow.deployment;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;

/**
 * JSch's known-hosts for one connection: exactly one key, named by its fingerprint. JSch asks it
 * during the key exchange, before any authentication; any other key is answered CHANGED, which makes
 * JSch (with StrictHostKeyChecking=yes) drop the connection. Nothing is ever added: no trust on first use.
 */
final class PinnedHostKey implements HostKeyRepository {

    private final String expected;
    private volatile String presented;
    private volatile String presentedType;

    PinnedHostKey(String expectedFingerprint) {
        this.expected = expectedFingerprint;
    }

    @Override
    public int check(String host, byte[] key) {
        presentedType = HostKeyFingerprints.typeOf(key);
        presented = HostKeyFingerprints.of(key);
        return presented.equals(expected) ? OK : CHANGED;
    }

    /** The fingerprint of the key the server presented; null when the connection never got that far. */
    String presented() {
        return presented;
    }

    String presentedType() {
        return presentedType;
    }

    boolean matched() {
        return expected.equals(presented);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Pinned: a key is never learnt from the server.
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "the deployment target's hostKeyFingerprint";
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return new HostKey[0];
    }
}

package io.certflow.deployment;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.certflow.error.TransientFault;

/** One logged-in SSH session to a target's host, for one step; closing it ends the session and its channels. */
final class SshConnection implements AutoCloseable {

    private final Session session;
    private final String origin;
    private final SshTimeouts timeouts;
    private ChannelSftp sftp;

    SshConnection(Session session, String origin, SshTimeouts timeouts) {
        this.session = session;
        this.origin = origin;
        this.timeouts = timeouts;
    }

    /** user@host:port, for messages. */
    String origin() {
        return origin;
    }

    /** The session's SFTP channel, opened on first use. */
    ChannelSftp sftp() {
        if (sftp == null) {
            try {
                ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
                channel.connect(timeouts.connectMillis());
                sftp = channel;
            } catch (JSchException e) {
                throw new TransientFault("Cannot open SFTP on " + origin + ": " + SshConnector.reason(e), e);
            }
        }
        return sftp;
    }

    /** A command channel, not connected yet. */
    ChannelExec exec() {
        try {
            return (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw new TransientFault("Cannot run a command on " + origin + ": " + SshConnector.reason(e), e);
        }
    }

    SshTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public void close() {
        if (sftp != null) {
            sftp.disconnect();
        }
        session.disconnect();
    }
}

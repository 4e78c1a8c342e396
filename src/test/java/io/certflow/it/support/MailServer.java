package io.certflow.it.support;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) on a loopback port that stays the same across {@link #stop()} and {@link #start()}, so that
 * Certflow, configured once with that port, meets an SMTP server that is down and then back. It accepts mail for any
 * address and keeps every message once per recipient, as a mail server delivers it into each mailbox.
 */
public final class MailServer implements AutoCloseable {

    private final int port;
    private GreenMail greenMail;

    private MailServer(int port) {
        this.port = port;
    }

    public static MailServer start(int port) {
        MailServer server = new MailServer(port);
        server.start();
        return server;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Starts the server again after {@link #stop()}, on the same port, with no mail kept from before. */
    public synchronized void start() {
        if (greenMail != null) {
            return;
        }
        GreenMail server = new GreenMail(new ServerSetup(port, host(), ServerSetup.PROTOCOL_SMTP));
        server.start();
        greenMail = server;
    }

    /** The SMTP server goes away: connections to its port are refused until {@link #start()}. */
    public synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** The messages delivered into {@code address}'s mailbox, oldest first; none while the server is stopped. */
    public synchronized List<MimeMessage> receivedBy(String address) {
        if (greenMail == null) {
            return List.of();
        }
        return greenMail.findReceivedMessages(user -> user.getEmail().equalsIgnoreCase(address), message -> true).toList();
    }

    @Override
    public synchronized void close() {
        stop();
    }
}

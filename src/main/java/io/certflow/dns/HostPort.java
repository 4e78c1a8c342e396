package io.certflow.dns;

import java.net.InetSocketAddress;

/** "host", "host:port" or "[v6]:port", as zones and the resolver are configured. */
record HostPort(String host, int port) {

    /** Parses, or throws IllegalArgumentException with a sentence saying what is wrong. */
    static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a host or host:port is required");
        }
        String value = text.trim();
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + value + "' opens an IPv6 address with [ but does not close it");
            }
            host = value.substring(1, close);
            if (close + 1 < value.length()) {
                if (value.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + value + "': expected ':port' after the IPv6 address");
                }
                port = value.substring(close + 2);
            }
        } else if (value.indexOf(':') != value.lastIndexOf(':')) {
            throw new IllegalArgumentException("'" + value + "': write an IPv6 address in brackets, as in [2001:db8::53]:53");
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:-]+")) {
            throw new IllegalArgumentException("'" + value + "' does not name a host");
        }
        int number = defaultPort;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("'" + value + "': the port must be a number from 1 to 65535");
            }
        }
        return new HostPort(host, number);
    }

    InetSocketAddress toAddress() {
        return new InetSocketAddress(host, port);
    }
}

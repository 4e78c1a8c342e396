package io.certflow.dns;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

import org.xbill.DNS.Address;

/**
 * "host", "host:port" or "[v6]:port", as zones and the resolver are configured. The host is a DNS
 * name (letters, digits and inner hyphens per label), an IPv4 address or an IPv6 address in brackets:
 * anything else would only fail later, at the first update, as an incident instead of a 400.
 */
public record HostPort(String host, int port) {

    private static final int MAX_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Parses, or throws IllegalArgumentException with a sentence saying what is wrong. */
    static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a host or host:port is required");
        }
        String value = text.trim();
        String host;
        String port = null;
        boolean bracketed = value.startsWith("[");
        if (bracketed) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address opened with [ is not closed with ]");
            }
            host = value.substring(1, close);
            if (close + 1 < value.length()) {
                if (value.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected ':port' after the IPv6 address in brackets");
                }
                port = value.substring(close + 2);
            }
        } else if (value.indexOf(':') != value.lastIndexOf(':')) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, as in [2001:db8::53]:53");
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        String hostProblem = bracketed ? ipv6Problem(host) : nameOrIpv4Problem(host);
        if (hostProblem != null) {
            throw new IllegalArgumentException(hostProblem);
        }
        return new HostPort(bracketed ? host : stripTrailingDot(host), port == null ? defaultPort : port(port));
    }

    /**
     * A sentence saying why {@code host} is not a DNS name, an IPv4 address or an IPv6 address (here
     * without brackets), or null when it is one.
     */
    public static String problemWithHost(String host) {
        if (host == null || host.isEmpty()) {
            return "the host is missing";
        }
        return host.contains(":") ? ipv6Problem(host) : nameOrIpv4Problem(host);
    }

    private static int port(String text) {
        int number = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : -1;
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("the port must be a number from 1 to 65535");
        }
        return number;
    }

    private static String ipv6Problem(String host) {
        // Only the characters of an address reach the parser, so it never looks anything up.
        if (host.isEmpty() || !IPV6_CHARACTERS.matcher(host).matches() || Address.toByteArray(host, Address.IPv6) == null) {
            return "the host is not an IPv6 address";
        }
        return null;
    }

    private static String nameOrIpv4Problem(String host) {
        if (host.isEmpty()) {
            return "the host is missing before the port";
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            return Address.isDottedQuad(host) && Address.toByteArray(host, Address.IPv4) != null
                    ? null : "the host is not an IPv4 address (four numbers from 0 to 255, as in 192.0.2.53)";
        }
        String name = stripTrailingDot(host);
        if (name.length() > MAX_NAME_LENGTH) {
            return "the host name is " + name.length() + " characters long; a DNS name has at most " + MAX_NAME_LENGTH;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "the host is not a DNS name: each dot-separated label has 1 to 63 letters, digits or inner hyphens";
            }
        }
        if (DIGITS_AND_DOTS.matcher(labels[labels.length - 1]).matches()) {
            // RFC 1123: a top-level label is never all digits, so this was meant as an address and is not one.
            return "the host is neither a DNS name nor an IPv4 address";
        }
        return null;
    }

    private static String stripTrailingDot(String host) {
        return host.endsWith(".") && host.length() > 1 ? host.substring(0, host.length() - 1) : host;
    }

    InetSocketAddress toAddress() {
        return new InetSocketAddress(host, port);
    }
}

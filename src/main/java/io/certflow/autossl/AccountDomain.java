package io.certflow.autossl;

import java.util.List;

/**
 * A domain of a hosting account.
 *
 * @param name         canonical (lower case, A-labels, no trailing dot), never a wildcard
 * @param documentRoot where the account's web server serves the domain from; stored and shown only, Certflow never
 *                     opens it (http-01 is answered by Certflow itself); null when not given
 * @param services     what the domain serves, each once, in the order of {@link Service}
 */
public record AccountDomain(String name, String documentRoot, List<Service> services) {

    public AccountDomain {
        services = List.copyOf(services);
    }
}

package io.certflow.autossl;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.certflow.crypto.DomainNames;

/**
 * The names AutoSSL covers for a domain: for each of its services, in the order of {@link Service}, the configured
 * prefixes in their configured order, each name once. Checked at start-up, so that a wrong prefix stops Certflow
 * instead of every run ordering a name no CA will issue.
 */
@Component
public class ServiceNames {

    private static final String PROPERTY = "certflow.autossl.service-names";

    private final Map<Service, List<String>> prefixes = new EnumMap<>(Service.class);

    public ServiceNames(ServiceNameSettings settings) {
        Map<Service, List<String>> configured = settings.serviceNames() == null ? Map.of() : settings.serviceNames();
        for (Service service : Service.values()) {
            List<String> given = configured.get(service);
            if (given == null || given.isEmpty()) {
                throw new IllegalArgumentException(PROPERTY + "." + service + " is missing: list the prefixes of the names " + service
                        + " covers (\"\" for the domain itself)");
            }
            for (int i = 0; i < given.size(); i++) {
                String problem = problemWith(given.get(i));
                if (problem != null) {
                    throw new IllegalArgumentException(PROPERTY + "." + service + "[" + i + "]: " + problem);
                }
            }
            prefixes.put(service, List.copyOf(given));
        }
    }

    /** A prefix is empty (the domain itself) or one or more DNS labels, each followed by a dot, in lower case. */
    private static String problemWith(String prefix) {
        if (prefix == null) {
            return "an empty prefix is written \"\"";
        }
        if (prefix.isEmpty()) {
            return null;
        }
        if (!prefix.endsWith(".") || prefix.startsWith("*")) {
            return "'" + prefix + "' is not a prefix: one or more labels, each ending with a dot, such as \"mail.\"";
        }
        String name = prefix + "example.com";
        String problem = DomainNames.problemWith(name);
        if (problem != null) {
            return "'" + prefix + "' makes " + problem;
        }
        if (!DomainNames.canonical(name).equals(name)) {
            return "'" + prefix + "' is not in lower case ASCII; write it as '" + DomainNames.canonical(name).replace("example.com", "")
                    + "'";
        }
        return null;
    }

    /** The configured prefixes of one service. */
    public List<String> prefixes(Service service) {
        return prefixes.get(service);
    }

    /** The names to cover for the domain and its services, each once, in a stable order (see the class). */
    public List<String> namesToCover(AccountDomain domain) {
        return namesToCover(domain.name(), domain.services());
    }

    public List<String> namesToCover(String domain, Collection<Service> services) {
        Set<String> names = new LinkedHashSet<>();
        for (Service service : Service.values()) {
            if (services.contains(service)) {
                prefixes.get(service).forEach(prefix -> names.add(prefix + domain));
            }
        }
        return List.copyOf(names);
    }

    /** The names to cover for all of an account's domains, domain by domain in the account's order, each name once. */
    public List<String> namesToCover(List<AccountDomain> domains) {
        Set<String> names = new LinkedHashSet<>();
        domains.forEach(domain -> names.addAll(namesToCover(domain)));
        return List.copyOf(names);
    }
}

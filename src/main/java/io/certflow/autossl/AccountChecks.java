package io.certflow.autossl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.certflow.crypto.DomainNames;
import io.certflow.crypto.EmailAddresses;
import io.certflow.autossl.AccountService.DomainInput;
import io.certflow.notification.NotificationLevel;

/**
 * What an account's fields must be, each problem a sentence starting with its field ("domains[2].name: ..."), so that
 * one answer lists everything wrong with a request.
 */
final class AccountChecks {

    static final int MAX_DOMAINS = 100;
    static final int MAX_TARGETS = 20;
    static final int MAX_DOCUMENT_ROOT = 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final String SERVICES = Arrays.stream(Service.values()).map(Enum::name).collect(Collectors.joining(", "));
    private static final String LEVELS = Arrays.stream(NotificationLevel.values()).map(Enum::name).collect(Collectors.joining(", "));

    private AccountChecks() {
    }

    static void name(String name, List<String> problems) {
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    static String contactEmail(String email, List<String> problems) {
        if (email == null) {
            problems.add("contactEmail: required, the address AutoSSL mails the account's notifications to");
            return null;
        }
        String problem = EmailAddresses.problemWith(email);
        if (problem != null) {
            problems.add("contactEmail: " + problem);
            return null;
        }
        return EmailAddresses.canonical(email);
    }

    /** The domains in canonical form, in their order; the names they cover must be valid names too. */
    static List<AccountDomain> domains(List<DomainInput> given, ServiceNames serviceNames, List<String> problems) {
        if (given == null || given.isEmpty()) {
            problems.add("domains: at least one domain, as {name, documentRoot?, services?}");
            return List.of();
        }
        if (given.size() > MAX_DOMAINS) {
            problems.add("domains: at most " + MAX_DOMAINS + " domains per account, not " + given.size());
            return List.of();
        }
        List<AccountDomain> domains = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "domains[" + i + "]";
            DomainInput input = given.get(i);
            if (input == null) {
                problems.add(field + ": a domain, as {name, documentRoot?, services?}");
                continue;
            }
            String name = domainName(field + ".name", input.name(), problems);
            List<Service> services = services(field + ".services", input.services(), problems);
            String documentRoot = documentRoot(field + ".documentRoot", input.documentRoot(), problems);
            if (name == null || services == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                problems.add(field + ".name: " + DomainNames.quote(name) + " is given twice (also domains[" + first + "])");
                continue;
            }
            coveredNames(field + ".services", name, services, serviceNames, problems);
            domains.add(new AccountDomain(name, documentRoot, services));
        }
        return domains;
    }

    /** A long domain may be valid while a service name of it, with its prefix, is not: no CA would issue for it. */
    private static void coveredNames(String field, String domain, List<Service> services, ServiceNames serviceNames,
                                     List<String> problems) {
        for (Service service : services) {
            for (String covered : serviceNames.namesToCover(domain, List.of(service))) {
                String problem = DomainNames.problemWith(covered);
                if (problem != null) {
                    problems.add(field + ": " + service + " would cover a name no certificate can hold: " + problem);
                    break;
                }
            }
        }
    }

    private static String domainName(String field, String raw, List<String> problems) {
        String problem = DomainNames.problemWith(raw);
        if (problem != null) {
            problems.add(field + ": " + problem);
            return null;
        }
        String name = DomainNames.canonical(raw);
        if (name.startsWith("*.")) {
            problems.add(field + ": " + DomainNames.quote(raw) + " is a wildcard; an account's domain is a name its sites answer to"
                    + " (AutoSSL covers each of its service names)");
            return null;
        }
        return name;
    }

    /** The services each once in the order of {@link Service}; null (no field) is WEB alone. */
    private static List<Service> services(String field, List<String> given, List<String> problems) {
        if (given == null) {
            return List.of(Service.WEB);
        }
        if (given.isEmpty()) {
            problems.add(field + ": at least one of " + SERVICES + " (leave the field out for WEB alone)");
            return null;
        }
        Set<Service> services = EnumSet.noneOf(Service.class);
        boolean valid = true;
        for (int k = 0; k < given.size(); k++) {
            String text = given.get(k);
            Service service = Arrays.stream(Service.values()).filter(known -> known.name().equals(text)).findFirst().orElse(null);
            if (service == null) {
                problems.add(field + "[" + k + "]: " + (text == null ? "null" : DomainNames.quote(text))
                        + " is not a service; one of " + SERVICES);
                valid = false;
            } else {
                services.add(service);
            }
        }
        return valid ? List.copyOf(services) : null;
    }

    /**
     * An absolute, normalized path: Certflow only stores and shows it, but a panel that reads it back must not get a
     * path that walks out of where it points.
     */
    static String documentRoot(String field, String path, List<String> problems) {
        if (path == null) {
            return null;
        }
        String rule = "an absolute path without '.', '..' or empty parts, such as /home/alice/public_html";
        if (path.length() > MAX_DOCUMENT_ROOT) {
            problems.add(field + ": at most " + MAX_DOCUMENT_ROOT + " characters");
            return null;
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(field + ": holds a control character; " + rule);
            return null;
        }
        if (!path.startsWith("/")) {
            problems.add(field + ": " + DomainNames.quote(path) + " is not absolute; " + rule);
            return null;
        }
        if (path.equals("/")) {
            return path;
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                problems.add(field + ": " + DomainNames.quote(path) + " is not normalized; " + rule);
                return null;
            }
        }
        return path;
    }

    /** A level's name, or null for the tenant's level. */
    static NotificationLevel notificationLevel(String given, List<String> problems) {
        if (given == null) {
            return null;
        }
        for (NotificationLevel level : NotificationLevel.values()) {
            if (level.name().equals(given)) {
                return level;
            }
        }
        problems.add("notificationLevel: " + DomainNames.quote(given) + " is not a level; one of " + LEVELS
                + ", or null to follow the tenant's user level");
        return null;
    }
}

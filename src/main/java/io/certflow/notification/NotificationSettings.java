package io.certflow.notification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.certflow.crypto.DomainNames;
import io.certflow.crypto.EmailAddresses;
import io.certflow.error.InvalidRequestException;

/**
 * Who of a tenant hears of what: the contacts every notification the level sends is mailed to.
 *
 * @param contacts email addresses, each once, their domains lower-cased; may be empty (then nothing is mailed)
 */
public record NotificationSettings(List<String> contacts, NotificationLevel level) {

    public static final int MAX_CONTACTS = 20;
    /** A tenant that never set anything: nobody to mail yet, and the level a person would choose first. */
    public static final NotificationSettings DEFAULT = new NotificationSettings(List.of(), NotificationLevel.DEFAULT);

    public NotificationSettings {
        contacts = List.copyOf(contacts);
    }

    /**
     * Settings as the API sends them, checked: every problem is named with its field, and nothing is
     * accepted while one remains.
     *
     * @throws InvalidRequestException listing each problem ("contacts[2]: ...", "level: ...")
     */
    public static NotificationSettings checked(List<String> contacts, String level) {
        List<String> problems = new ArrayList<>();
        List<String> addresses = checkedContacts(contacts, problems);
        NotificationLevel parsed = checkedLevel(level, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new NotificationSettings(addresses, parsed);
    }

    private static List<String> checkedContacts(List<String> contacts, List<String> problems) {
        if (contacts == null) {
            problems.add("contacts: required, a list of email addresses (an empty list mails nobody)");
            return List.of();
        }
        if (contacts.size() > MAX_CONTACTS) {
            problems.add("contacts: at most " + MAX_CONTACTS + " email addresses, not " + contacts.size()
                    + "; name a mailing list for more people");
            return List.of();
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (int i = 0; i < contacts.size(); i++) {
            String problem = EmailAddresses.problemWith(contacts.get(i));
            if (problem != null) {
                problems.add("contacts[" + i + "]: " + problem);
            } else {
                // The same address twice is meant once: one mail each.
                addresses.add(EmailAddresses.canonical(contacts.get(i)));
            }
        }
        return List.copyOf(addresses);
    }

    private static NotificationLevel checkedLevel(String level, List<String> problems) {
        String levels = Arrays.stream(NotificationLevel.values()).map(Enum::name).collect(Collectors.joining(", "));
        if (level == null) {
            problems.add("level: required, one of " + levels);
            return null;
        }
        try {
            return NotificationLevel.valueOf(level);
        } catch (IllegalArgumentException unknown) {
            problems.add("level: " + DomainNames.quote(level) + " is not a level; one of " + levels);
            return null;
        }
    }
}

package io.certflow.web.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.web.util.UriComponentsBuilder;

import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.error.InvalidRequestException;

/**
 * The certificates table's filters as they come from the form (each may be empty), turned into the
 * inventory's query, and back into links that keep them (paging).
 *
 * @param expiring   days: only certificates that expire within them
 * @param autoManaged "yes", "no" or empty
 */
public record CertificateFilter(String status, Integer expiring, String autoManaged, String source, String q, Integer size) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_EXPIRING_DAYS = 36_500;

    int pageSize() {
        return size == null ? DEFAULT_SIZE : size;
    }

    CertificateService.Query query(Instant now) {
        if (expiring != null && (expiring < 0 || expiring > MAX_EXPIRING_DAYS)) {
            throw new InvalidRequestException("expiring within: from 0 to " + MAX_EXPIRING_DAYS + " days");
        }
        return new CertificateService.Query(parse(CertificateStatus.class, "status", status), null,
                expiring == null ? null : now.plus(Duration.ofDays(expiring)), yesNo(autoManaged), null,
                parse(CertificateSource.class, "source", source), blankToNull(q));
    }

    /** This list's address at {@code page}, with the same filters. */
    public String pageLink(int page) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/certificates");
        add(link, "status", status);
        add(link, "expiring", expiring == null ? null : expiring.toString());
        add(link, "autoManaged", autoManaged);
        add(link, "source", source);
        add(link, "q", q);
        add(link, "size", size == null ? null : size.toString());
        return link.queryParam("page", page).encode().build().toUriString();
    }

    public static List<String> statuses() {
        return java.util.Arrays.stream(CertificateStatus.values()).map(Enum::name).toList();
    }

    private static void add(UriComponentsBuilder link, String name, String value) {
        if (value != null && !value.isBlank()) {
            link.queryParam(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Boolean yesNo(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw new InvalidRequestException("auto-managed: 'yes', 'no' or empty");
        };
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field + ": '" + value + "' is not one of " + List.of(type.getEnumConstants()));
        }
    }
}

package io.certflow.web.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
 * @param expiresFrom first day (UTC, YYYY-MM-DD) of an "expires between" range, from its start
 * @param expiresTo   last day (UTC) of that range, to its end
 * @param deployed    "yes": served by a deployment target now; "no": issued and served by none; empty: any
 * @param renewal     "yes": Certflow will renew it; "no": it will not (renewal/RenewedByCertflow); empty: any
 * @param requestedWithin days: only certificates requested (or uploaded) within them
 */
public record CertificateFilter(String status, Integer expiring, String autoManaged, String source, String q, Integer size,
                                String expiresFrom, String expiresTo, String deployed, String renewal, Integer requestedWithin) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_EXPIRING_DAYS = 36_500;

    int pageSize() {
        return size == null ? DEFAULT_SIZE : size;
    }

    CertificateService.Query query(Instant now) {
        if (expiring != null && (expiring < 0 || expiring > MAX_EXPIRING_DAYS)) {
            throw new InvalidRequestException("expiring within: from 0 to " + MAX_EXPIRING_DAYS + " days");
        }
        Instant within = expiring == null ? null : now.plus(Duration.ofDays(expiring));
        LocalDate lastDay = day("expires to", expiresTo);
        Instant beforeEnd = lastDay == null ? null : lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant before = within == null ? beforeEnd : beforeEnd == null || within.isBefore(beforeEnd) ? within : beforeEnd;
        LocalDate firstDay = day("expires from", expiresFrom);
        if (requestedWithin != null && (requestedWithin < 0 || requestedWithin > MAX_EXPIRING_DAYS)) {
            throw new InvalidRequestException("requested within: from 0 to " + MAX_EXPIRING_DAYS + " days");
        }
        return new CertificateService.Query(parse(CertificateStatus.class, "status", status), null, before,
                yesNo("auto-managed", autoManaged), yesNo("deployed", deployed), parse(CertificateSource.class, "source", source),
                blankToNull(q), firstDay == null ? null : firstDay.atStartOfDay(ZoneOffset.UTC).toInstant(), yesNo("renewal", renewal),
                requestedWithin == null ? null : now.minus(Duration.ofDays(requestedWithin)));
    }

    /** This filter's list, from its first page (the overview's figures link here). */
    public String link() {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/certificates");
        addFilters(link);
        return link.encode().build().toUriString();
    }

    /** The filter's link for the certificates still in use that expire within these days (the expiry timeline's bars). */
    public static String expiringBetween(LocalDate firstDay, LocalDate lastDay) {
        return UriComponentsBuilder.fromPath("/certificates").queryParam("status", CertificateStatus.ISSUED.name())
                .queryParam("expiresFrom", firstDay.toString()).queryParam("expiresTo", lastDay.toString()).encode().build().toUriString();
    }

    private static LocalDate day(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value.trim());
            if (day.getYear() < 1970 || day.getYear() > 9998) {
                throw new InvalidRequestException(field + ": a day from 1970 to 9998");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field + ": a day as YYYY-MM-DD, not '" + value + "'");
        }
    }

    /** This list's address at {@code page}, with the same filters. */
    public String pageLink(int page) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/certificates");
        addFilters(link);
        return link.queryParam("page", page).encode().build().toUriString();
    }

    private void addFilters(UriComponentsBuilder link) {
        add(link, "status", status);
        add(link, "expiring", expiring == null ? null : expiring.toString());
        add(link, "autoManaged", autoManaged);
        add(link, "source", source);
        add(link, "q", q);
        add(link, "expiresFrom", expiresFrom);
        add(link, "expiresTo", expiresTo);
        add(link, "deployed", deployed);
        add(link, "renewal", renewal);
        add(link, "requestedWithin", requestedWithin == null ? null : requestedWithin.toString());
        add(link, "size", size == null ? null : size.toString());
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

    private static Boolean yesNo(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw new InvalidRequestException(field + ": 'yes', 'no' or empty");
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

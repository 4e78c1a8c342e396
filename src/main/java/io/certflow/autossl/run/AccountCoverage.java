package io.certflow.autossl.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which of an account's names a valid certificate covers and which need one, decided per name from
 * the certificates that hold it. A pure function of its inputs: the check reads them, this decides.
 * <ol>
 *   <li>a valid AutoSSL certificate of the account covers the name until it is due for renewal
 *       (the renewal window and ARI rules); then the name needs its successor;</li>
 *   <li>an AutoSSL certificate still being issued covers it for now;</li>
 *   <li>a certificate AutoSSL did not issue keeps the name, unless replacing them is on and it is
 *       invalid (expired) or expires within {@link #REPLACE_WITHIN};</li>
 *   <li>a name no certificate holds needs one.</li>
 * </ol>
 */
public final class AccountCoverage {

    /** A certificate AutoSSL did not issue is replaced (when the option is on) once it expires within this. */
    public static final Duration REPLACE_WITHIN = Duration.ofDays(3);

    /**
     * A certificate that holds some of the account's names.
     *
     * @param autoSsl whether it is an AutoSSL certificate of this account
     * @param issued  whether it is issued (false: still being issued)
     * @param dueAt   when AutoSSL renews it (its planned time or ARI time, whichever comes first); null for others
     */
    public record Holder(UUID id, Set<String> names, boolean autoSsl, boolean issued, Instant notAfter, Instant dueAt) {
    }

    /** What a name needs. */
    public enum Need {
        /** A valid AutoSSL certificate that is not due covers it. */
        COVERED,
        /** An AutoSSL certificate of it is being issued. */
        BEING_ISSUED,
        /** A certificate AutoSSL did not issue keeps it (replacing is off, or it is valid for more than three days). */
        KEPT_BY_OTHER,
        /** It needs a certificate (none, or the one it has is due or to be replaced). */
        ORDER
    }

    /** One name's verdict; {@code replaces} is the certificate an order for it takes the place of, or null. */
    public record NameVerdict(String name, Need need, UUID replaces, String why) {
    }

    private AccountCoverage() {
    }

    public static NameVerdict judge(String name, List<Holder> holders, boolean replaceNonAutoSsl, Instant now) {
        List<Holder> holding = holders.stream().filter(holder -> holder.names().contains(name)).toList();
        Holder ours = holding.stream().filter(h -> h.autoSsl() && h.issued() && h.notAfter().isAfter(now))
                .max(Comparator.comparing(Holder::notAfter)).orElse(null);
        if (ours != null) {
            return ours.dueAt() != null && !ours.dueAt().isAfter(now)
                    ? new NameVerdict(name, Need.ORDER, ours.id(), "its AutoSSL certificate is due for renewal")
                    : new NameVerdict(name, Need.COVERED, null, "covered until it is due on " + ours.dueAt());
        }
        if (holding.stream().anyMatch(h -> h.autoSsl() && !h.issued())) {
            return new NameVerdict(name, Need.BEING_ISSUED, null, "an AutoSSL certificate for it is being issued");
        }
        Holder other = holding.stream().filter(h -> !h.autoSsl() && h.issued()).max(Comparator.comparing(Holder::notAfter)).orElse(null);
        if (other != null) {
            boolean invalid = !other.notAfter().isAfter(now);
            boolean expiring = !other.notAfter().isAfter(now.plus(REPLACE_WITHIN));
            if (replaceNonAutoSsl && (invalid || expiring)) {
                return new NameVerdict(name, Need.ORDER, other.id(), invalid ? "the certificate AutoSSL did not issue has expired"
                        : "the certificate AutoSSL did not issue expires within three days");
            }
            return new NameVerdict(name, Need.KEPT_BY_OTHER, null, (invalid ? "an expired certificate" : "a certificate")
                    + " AutoSSL did not issue (" + other.id() + ") holds it" + (replaceNonAutoSsl ? "" : ", and replacing those is off"));
        }
        Holder expired = holding.stream().filter(h -> h.autoSsl() && h.issued()).findFirst().orElse(null);
        return new NameVerdict(name, Need.ORDER, expired == null ? null : expired.id(),
                expired == null ? "no certificate holds it" : "its AutoSSL certificate has expired");
    }

    /**
     * The certificates to order for one domain's names: the names that need one and passed their
     * preflight, together with the names of the domain a current AutoSSL certificate covers (one
     * certificate per domain keeps deployment simple), in pieces of at most {@code namesPerCertificate};
     * none when nothing needs ordering. Each piece replaces the AutoSSL certificate that holds most of
     * its names, else the certificate its first name's verdict replaces.
     */
    public static List<Piece> piecesToOrder(List<NameVerdict> verdicts, Set<String> passedPreflight, List<Holder> holders,
                                            int namesPerCertificate) {
        boolean needed = verdicts.stream().anyMatch(v -> v.need() == Need.ORDER && passedPreflight.contains(v.name()));
        if (!needed) {
            return List.of();
        }
        List<String> names = verdicts.stream()
                .filter(v -> v.need() == Need.COVERED || (v.need() == Need.ORDER && passedPreflight.contains(v.name())))
                .map(NameVerdict::name).toList();
        List<Piece> pieces = new ArrayList<>();
        for (int from = 0; from < names.size(); from += namesPerCertificate) {
            List<String> piece = names.subList(from, Math.min(names.size(), from + namesPerCertificate));
            pieces.add(new Piece(List.copyOf(piece), replaced(piece, verdicts, holders)));
        }
        return pieces;
    }

    /** Names for one certificate, and the certificate it takes the place of (or null). */
    public record Piece(List<String> names, UUID replaces) {
    }

    private static UUID replaced(List<String> names, List<NameVerdict> verdicts, List<Holder> holders) {
        Map<UUID, Long> held = new LinkedHashMap<>();
        for (Holder holder : holders) {
            if (holder.autoSsl() && holder.issued()) {
                long count = names.stream().filter(holder.names()::contains).count();
                if (count > 0) {
                    held.put(holder.id(), count);
                }
            }
        }
        return held.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseGet(() -> verdicts.stream().filter(v -> names.contains(v.name()) && v.replaces() != null)
                        .map(NameVerdict::replaces).findFirst().orElse(null));
    }
}

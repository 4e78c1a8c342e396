package io.certflow.validation.caa;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 8659's decision for one name, given its relevant CAA record set: may the CA with this
 * issuer domain name issue? Pure, so that every rule is a table test.
 */
public final class CaaPolicy {

    /** Property tags this decision understands; an unknown one marked critical forbids issuance. */
    private static final Set<String> KNOWN_TAGS = Set.of("issue", "issuewild", "iodef", "issuemail", "issuevmc");
    private static final int CRITICAL = 128;

    private CaaPolicy() {
    }

    /** One CAA record: flags, tag, value. */
    public record Entry(int flags, String tag, String value) {

        @Override
        public String toString() {
            return flags + " " + tag + " \"" + value + "\"";
        }
    }

    /** The answer, with the reason a person reads when it is no. */
    public record Verdict(boolean permitted, String reason) {
    }

    public static Verdict evaluate(List<Entry> relevantSet, String identity, boolean wildcard) {
        for (Entry entry : relevantSet) {
            if ((entry.flags() & CRITICAL) != 0 && !KNOWN_TAGS.contains(entry.tag().toLowerCase(Locale.ROOT))) {
                return new Verdict(false, "the record " + entry + " is critical and of a kind no CA may ignore");
            }
        }
        List<Entry> issueWild = withTag(relevantSet, "issuewild");
        // issuewild governs wildcard names when there is any; otherwise issue governs them as well.
        List<Entry> governing = wildcard && !issueWild.isEmpty() ? issueWild : withTag(relevantSet, "issue");
        if (governing.isEmpty()) {
            return new Verdict(true, null);
        }
        for (Entry entry : governing) {
            if (identity.equalsIgnoreCase(issuerDomain(entry.value()))) {
                return new Verdict(true, null);
            }
        }
        return new Verdict(false, "only " + governing + " may issue" + (wildcard ? " wildcard certificates" : ""));
    }

    /** "letsencrypt.org; validationmethods=dns-01" names letsencrypt.org; ";" names nobody. */
    static String issuerDomain(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
    }

    private static List<Entry> withTag(List<Entry> entries, String tag) {
        return entries.stream().filter(entry -> entry.tag().equalsIgnoreCase(tag)).toList();
    }
}

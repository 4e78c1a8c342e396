package io.certflow.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code certflow autossl check (--all | --user NAME) [--tenant TENANT] [--timeout DURATION]}, read from the command
 * line. Options take their value as the next argument or after {@code =}.
 *
 * @param user the account to check, or null with {@code all}
 */
record CliArguments(boolean help, boolean all, String user, String tenant, Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    static final String USAGE = """
            Usage: certflow autossl check --all [--tenant TENANT] [--timeout DURATION]
                   certflow autossl check --user NAME [--tenant TENANT] [--timeout DURATION]

            Starts an AutoSSL run for every account of the tenant (--all) or for one account (--user), prints its
            progress and a summary, and exits 0 when it finished without failures, 1 when it failed, paused or had
            failures, 2 on bad usage or an error answer, 3 when it did not end within the timeout (default 1h;
            e.g. 90s, 30m, 2h or PT2H). --tenant is needed only by a user of several tenants.
            Connection: CERTFLOW_URL (default http://localhost:8080), CERTFLOW_USER, CERTFLOW_PASSWORD.""";

    private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,9})([smh]?)");

    /** What is wrong with the command line, in words. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static CliArguments parse(String... args) throws UsageException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            return new CliArguments(true, false, null, null, DEFAULT_TIMEOUT);
        }
        if (args.length < 2 || !args[0].equals("autossl") || !args[1].equals("check")) {
            throw new UsageException(args.length == 0 ? "no command given"
                    : "unknown command '" + String.join(" ", Arrays.copyOf(args, Math.min(2, args.length))) + "': the command is 'autossl check'");
        }
        boolean all = false;
        String user = null;
        String tenant = null;
        Duration timeout = null;
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (option) {
                case "--help", "-h" -> {
                    return new CliArguments(true, false, null, null, DEFAULT_TIMEOUT);
                }
                case "--all" -> {
                    if (inline != null) {
                        throw new UsageException("--all takes no value");
                    }
                    all = once(all, "--all");
                }
                case "--user" -> {
                    requireUnset(user, "--user");
                    user = value(args, inline, i, "--user", "an account name");
                    i += inline == null ? 1 : 0;
                }
                case "--tenant" -> {
                    requireUnset(tenant, "--tenant");
                    tenant = value(args, inline, i, "--tenant", "a tenant");
                    i += inline == null ? 1 : 0;
                }
                case "--timeout" -> {
                    requireUnset(timeout, "--timeout");
                    timeout = duration(value(args, inline, i, "--timeout", "a duration such as 90s, 30m or 2h"));
                    i += inline == null ? 1 : 0;
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (all == (user != null)) {
            throw new UsageException(all ? "give --all or --user NAME, not both" : "give --all (every account) or --user NAME (one account)");
        }
        return new CliArguments(false, all, user, tenant, timeout == null ? DEFAULT_TIMEOUT : timeout);
    }

    private static boolean once(boolean given, String option) throws UsageException {
        if (given) {
            throw new UsageException(option + " is given twice");
        }
        return true;
    }

    private static void requireUnset(Object value, String option) throws UsageException {
        if (value != null) {
            throw new UsageException(option + " is given twice");
        }
    }

    private static String value(String[] args, String inline, int i, String option, String what) throws UsageException {
        String value = inline != null ? inline : i + 1 < args.length ? args[i + 1] : null;
        if (value == null || value.isBlank() || (inline == null && value.startsWith("--"))) {
            throw new UsageException(option + " needs " + what);
        }
        return value;
    }

    /** 90 (seconds), 90s, 30m, 2h, or ISO-8601 (PT1H30M); more than zero. */
    static Duration duration(String text) throws UsageException {
        Duration duration;
        Matcher simple = SHORT_DURATION.matcher(text);
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                duration = switch (simple.group(2)) {
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            } else {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException e) {
            throw new UsageException("--timeout: '" + text + "' is not a duration such as 90s, 30m, 2h or PT2H");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new UsageException("--timeout must be longer than zero");
        }
        return duration;
    }
}

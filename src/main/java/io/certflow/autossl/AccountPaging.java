package io.certflow.autossl;

import java.util.ArrayList;
import java.util.List;

import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.security.Caller;

/** The parameters every list of accounts takes: a tenant (or all the caller sees), a search text, a page. */
final class AccountPaging {

    static final int MAX_PAGE_SIZE = 200;
    static final long MAX_OFFSET = 10_000_000;
    static final int MAX_QUERY = 253;

    private AccountPaging() {
    }

    /** The filter for a list; throws for a bad page, size or query, and a tenant the caller does not see is a 404. */
    static AccountStore.Filter filter(Caller caller, String tenant, String query, int page, int size) {
        List<String> problems = new ArrayList<>();
        if (page < 0) {
            problems.add("page: must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            problems.add("size: between 1 and " + MAX_PAGE_SIZE);
        } else if ((long) page * size > MAX_OFFSET) {
            problems.add("page: at most " + MAX_OFFSET / size + " with size " + size + "; narrow the list with q");
        }
        if (query != null && (query.length() > MAX_QUERY || query.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            problems.add("q: at most " + MAX_QUERY + " characters, no control characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (tenant != null && !tenant.isEmpty()) {
            if (!caller.canSee(tenant)) {
                throw new NotFoundException("Tenant", tenant);
            }
            return new AccountStore.Filter(List.of(tenant), query);
        }
        return new AccountStore.Filter(caller.visibleTenants(), query);
    }
}

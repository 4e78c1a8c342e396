package io.certflow.autossl.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * AutoSSL's pending queue: the tenant's AutoSSL certificates still being issued, with when the
 * issuance process asks the CA next (every 5 minutes in a request's first day, hourly in its
 * second, daily after: the issuance process's pending queue timer).
 */
@Service
@Transactional(readOnly = true)
public class PendingQueueService {

    public static final int MAX_PAGE_SIZE = 200;

    private final PendingQueueStore store;
    private final Clock clock;

    public PendingQueueService(PendingQueueStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public record Query(String tenant, String sort, String order, String q, Integer page, Integer size) {
    }

    public record QueuePage(List<PendingRequest> items, int page, int size, long total, String sort, String order) {
    }

    public QueuePage list(Caller caller, Query query) {
        String tenantId = caller.tenantForNewRow(query.tenant());
        String sort = query.sort() == null ? "age" : query.sort();
        if (!PendingQueueStore.SORTS.containsKey(sort)) {
            throw new InvalidRequestException("sort: one of " + String.join(", ", PendingQueueStore.SORTS.keySet().stream().sorted().toList()));
        }
        String order = query.order() == null ? "asc" : query.order().toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new InvalidRequestException("order: asc or desc");
        }
        int page = query.page() == null ? 0 : query.page();
        int size = query.size() == null ? 50 : query.size();
        if (page < 0 || page > 100_000 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page, size: page from 0 to 100000, size from 1 to " + MAX_PAGE_SIZE);
        }
        String q = query.q() == null || query.q().isBlank() ? null : query.q().trim();
        if (q != null && q.length() > 253) {
            throw new InvalidRequestException("q: at most 253 characters");
        }
        // Oldest first is "age" descending in people's words; the column is the request's time, so the order flips.
        boolean descending = sort.equals("age") ? order.equals("asc") : order.equals("desc");
        List<PendingQueueStore.Row> rows = store.page(tenantId, q, sort, descending, page * size, size);
        Map<java.util.UUID, List<String>> names = store.namesOf(rows.stream().map(PendingQueueStore.Row::certificateId).toList());
        Instant now = clock.instant();
        List<PendingRequest> items = rows.stream().map(row -> new PendingRequest(row.certificateId(), row.account(),
                names.getOrDefault(row.certificateId(), List.of()), row.provider(), Duration.between(row.requestedAt(), now), row.status(),
                row.requestedAt(), row.nextPollAt())).toList();
        return new QueuePage(items, page, size, store.count(tenantId, q), sort, order);
    }
}

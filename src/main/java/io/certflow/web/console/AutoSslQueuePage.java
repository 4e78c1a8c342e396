package io.certflow.web.console;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.certflow.autossl.queue.PendingQueueService;
import io.certflow.autossl.queue.PendingQueueService.QueuePage;
import io.certflow.security.Caller;

/**
 * AutoSSL's Pending Queue tab: the tenant's AutoSSL certificates not issued yet, sorted by any column (the database sorts, links in
 * the headers) and searched (account or name), a page at a time. The same service as GET /api/autossl/pending-queue.
 */
@Controller
class AutoSslQueuePage extends AutoSslPage {

    static final int PAGE_SIZE = 50;
    private static final String PATH = "/autossl/pending-queue";
    private static final List<String[]> COLUMNS = List.of(new String[] {"account", "Account"}, new String[] {"names", "Names"},
            new String[] {"provider", "Provider"}, new String[] {"age", "Age"}, new String[] {"status", "Status"},
            new String[] {"nextPoll", "Next poll"});

    private final PendingQueueService queue;

    AutoSslQueuePage(PendingQueueService queue) {
        this.queue = queue;
    }

    /** One request in the queue, its age in words. */
    record QueueRow(java.util.UUID certificateId, String account, List<String> names, String provider, String age, String status,
                    String requestedAt, String nextPollAt) {
    }

    @GetMapping(PATH)
    String show(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String sort,
                @RequestParam(required = false) String order, @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "0") int page, Model model) {
        String tenantId = tabs(caller, tenant, "pending-queue", model);
        String search = blankToNull(q);
        QueuePage found = queue.list(caller, new PendingQueueService.Query(tenantId, blankToNull(sort), blankToNull(order), search, page,
                PAGE_SIZE));
        model.addAttribute("rows", found.items().stream().map(item -> new QueueRow(item.certificateId(), item.account(), item.names(),
                item.provider(), AutoSslWords.duration(item.age()), item.status(), AutoSslWords.time(item.requestedAt()),
                AutoSslWords.time(item.nextPollAt()))).toList());
        model.addAttribute("columns", COLUMNS.stream().map(column -> column(tenantId, search, found, column[0], column[1])).toList());
        model.addAttribute("page", found);
        model.addAttribute("q", search);
        long lastPage = Math.max(0, (found.total() - 1) / PAGE_SIZE);
        model.addAttribute("lastPage", lastPage);
        model.addAttribute("previousLink", page > 0 ? pageLink(tenantId, search, found, page - 1) : null);
        model.addAttribute("nextLink", page < lastPage ? pageLink(tenantId, search, found, page + 1) : null);
        return "console/autossl-queue";
    }

    private static QueueColumn column(String tenantId, String q, QueuePage shown, String sort, String title) {
        boolean sorted = shown.sort().equals(sort);
        boolean ascending = shown.order().equals("asc");
        String next = sorted && ascending ? "desc" : "asc";
        String link = link(PATH, tenantId, "q", q, "sort", sort, "order", next).encode().build().toUriString();
        return new QueueColumn(sort, title, link, sorted ? (ascending ? "ascending" : "descending") : null);
    }

    private static String pageLink(String tenantId, String q, QueuePage shown, int page) {
        return link(PATH, tenantId, "q", q, "sort", shown.sort(), "order", shown.order(), "page", page).encode().build().toUriString();
    }
}

package io.certflow.autossl.log;

import java.util.List;

/** One page of a tenant's run logs, newest first, and how many there are in all. */
public record RunLogPage(List<RunLogSummary> items, int page, int size, long total) {
}

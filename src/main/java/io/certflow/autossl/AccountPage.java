package io.certflow.autossl;

import java.util.List;

/** One page of a list of accounts, ordered by name, and how many the whole list holds. */
public record AccountPage<T>(List<T> items, int page, int size, long total) {
}

package io.certflow.web.console;

/**
 * A sortable column of the pending queue: its header links to the queue sorted by it, ascending, or descending when it is
 * already sorted ascending by it.
 *
 * @param direction "ascending", "descending" (the queue is sorted by this column), or null
 */
public record QueueColumn(String sort, String title, String link, String direction) {

    /** The arrow shown after the title; the direction in words is in aria-sort. */
    public String arrow() {
        return direction == null ? "" : "ascending".equals(direction) ? " ▲" : " ▼";
    }
}

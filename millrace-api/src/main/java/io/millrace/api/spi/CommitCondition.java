package io.millrace.api.spi;

import java.util.Map;

/**
 * A precondition of one {@link CommitRequest} on what other writers committed: checked by the
 * warehouse inside the commit, against the table's current metadata, and again after every refresh
 * when the commit is retried because another writer committed first. So no commit can land between
 * the check and the new snapshot (a check made before calling {@link Warehouse#commit} could not
 * promise that).
 *
 * <p>Used by writers that fence one another through what they record in snapshot summaries (a
 * stream sink's consumed positions, for instance).
 */
@FunctionalInterface
public interface CommitCondition {
  /**
   * Refuses the commit by throwing; returns normally to let it go ahead.
   *
   * @param summaries the summaries of the table's current snapshot and of its ancestors, newest
   *     first (empty for a table without snapshot); read lazily, so stop iterating once decided
   * @throws io.millrace.api.MillraceException to refuse: nothing is committed, and the exception
   *     reaches the caller of {@link Warehouse#commit} as thrown
   */
  void check(Iterable<Map<String, String>> summaries);
}
